package neo4j

import (
	"context"

	"github.com/argmap/argmap/internal/argmap"
)

const (
	cypherMapDocument = `MATCH (d:Document {id: $doc}) RETURN properties(d) AS d`

	cypherMapActors = `
MATCH (:Document {id: $doc})-[n:NAMES]->(a:Actor)
OPTIONAL MATCH (a)-[p:PART_OF {doc: $doc}]->(b:Actor)
WITH a, n, b ORDER BY b.id
RETURN properties(a) AS a, properties(n) AS n, collect(b.id) AS partOf
ORDER BY a.id`

	cypherMapClaims = `
MATCH (c:Claim)-[f:FROM]->(:Document {id: $doc})
OPTIONAL MATCH (c)-[m:MENTIONS {doc: $doc}]->(a:Actor)
WITH c, f, m, a ORDER BY m.q_start[0], a.id, m.role
WITH c, f.start AS start,
     collect(CASE WHEN m IS NULL THEN null ELSE {actor: a.id, props: properties(m)} END) AS mentions
RETURN properties(c) AS c, mentions
ORDER BY start, c.id`

	cypherMapLinks = `
MATCH (:Document {id: $doc})<-[:FROM]-(a:Claim)-[r:SUPPORTS|ATTACKS]->(b:Claim)
WHERE r.doc = $doc
RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
ORDER BY r.id`

	cypherMapRelations = `
MATCH (:Document {id: $doc})-[:NAMES]->(a:Actor)-[r]->(b:Actor)
WHERE r.doc = $doc AND NOT r:PART_OF
RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
ORDER BY r.id`
)

// DocumentMap implements argmap.MapService. Actors come in id order, claims
// in text order, links and relations in id order.
func (db *DB) DocumentMap(ctx context.Context, documentID string) (*argmap.Map, error) {
	params := map[string]any{"doc": documentID}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Map, error) {
		recs, err := tx.run(ctx, cypherMapDocument, params)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, argmap.Errorf(argmap.ENOTFOUND, "There is no document %q.", documentID)
		}
		m := &argmap.Map{Document: *documentFrom(recs[0].Values[0])}

		if recs, err = tx.run(ctx, cypherMapActors, params); err != nil {
			return nil, err
		}
		for _, r := range recs {
			a, n := r.Values[0].(map[string]any), r.Values[1].(map[string]any)
			ma := argmap.MapActor{Actor: argmap.Actor{ID: str(a, "id"), Name: str(a, "name"), Type: argmap.ActorType(str(a, "type")),
				Description: str(a, "description"), Aliases: stringList(n["aliases"]), PartOf: stringList(r.Values[2])}, Mentions: getQuotes(n)}
			m.Actors = append(m.Actors, ma)
		}

		if recs, err = tx.run(ctx, cypherMapClaims, params); err != nil {
			return nil, err
		}
		for _, r := range recs {
			c := r.Values[0].(map[string]any)
			cl := argmap.Claim{ID: str(c, "id"), DocumentID: str(c, "document"), Text: str(c, "text"), Role: argmap.ClaimRole(str(c, "role")),
				Modality: argmap.Modality(str(c, "modality")), Hedging: argmap.Hedging(str(c, "hedging")), HedgeCue: str(c, "hedgeCue"), Quotes: getQuotes(c)}
			for _, x := range r.Values[1].([]any) {
				mn := x.(map[string]any)
				props := mn["props"].(map[string]any)
				cl.Mentions = append(cl.Mentions, argmap.Mention{ActorID: mn["actor"].(string), Role: argmap.MentionRole(str(props, "role")), Quote: getQuotes(props)[0]})
			}
			m.Claims = append(m.Claims, cl)
		}

		if recs, err = tx.run(ctx, cypherMapLinks, params); err != nil {
			return nil, err
		}
		for _, r := range recs {
			props := r.Values[3].(map[string]any)
			l := argmap.Link{ID: str(props, "id"), DocumentID: str(props, "doc"), Type: argmap.LinkSupports, From: r.Values[1].(string), To: r.Values[2].(string)}
			if r.Values[0] == string(argmap.RelTypeAttacks) {
				l.Type, l.Kind, l.TargetLink = argmap.LinkAttacks, argmap.AttackKind(str(props, "kind")), str(props, "targetLink")
			}
			if qs := getQuotes(props); len(qs) > 0 {
				l.Quote = &qs[0]
			}
			m.Links = append(m.Links, l)
		}

		if recs, err = tx.run(ctx, cypherMapRelations, params); err != nil {
			return nil, err
		}
		for _, r := range recs {
			t, ok := argmap.RelationTypeOf(argmap.RelType(r.Values[0].(string)))
			if !ok {
				continue // an edge type outside the vocabulary: not part of a map
			}
			props := r.Values[3].(map[string]any)
			m.Relations = append(m.Relations, argmap.Relation{ID: str(props, "id"), DocumentID: str(props, "doc"), Type: t, From: r.Values[1].(string), To: r.Values[2].(string),
				Modality: argmap.RelationModality(str(props, "modality")), Evidence: stringList(props["evidence"]), Quotes: getQuotes(props)})
		}
		return m, nil
	})
}
