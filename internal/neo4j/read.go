package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/argmap/argmap/internal/argmap"
)

var _ argmap.ReadService = (*DB)(nil)

// Batch statements take a list of keys and answer one row per key, in key
// order (UNWIND keeps order and OPTIONAL/ collect keeps one row per key).
const (
	// A merged actor's id resolves to the actor it was merged into.
	cypherActorsByID = `
UNWIND $ids AS id
OPTIONAL MATCH (x:Actor {id: id})
OPTIONAL MATCH (:MergedActor {id: id})-[:MERGED_INTO]->(y:Actor)
WITH coalesce(x, y) AS a
RETURN CASE WHEN a IS NULL THEN null ELSE ` + projActor + ` END AS row`

	cypherClaimsByID = `
UNWIND $ids AS id
OPTIONAL MATCH (c:Claim {id: id})
RETURN CASE WHEN c IS NULL THEN null ELSE ` + projClaim + ` END AS row`

	cypherDocumentsByID = `
UNWIND $ids AS id
OPTIONAL MATCH (d:Document {id: id})
RETURN CASE WHEN d IS NULL THEN null ELSE ` + projDocument + ` END AS row`

	cypherDocumentClaimIDs = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Document {id: id})<-[f:FROM]-(c:Claim)
  WITH c, f ORDER BY f.start, c.id
  LIMIT $first
  RETURN collect(c.id) AS claims
}
RETURN claims`

	cypherActorClaimIDs = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Actor {id: id})<-[:MENTIONS]-(c:Claim)-[f:FROM]->(d:Document)
  WITH DISTINCT c, f, d ORDER BY d.published DESC, d.id, f.start, c.id
  LIMIT $first
  RETURN collect(c.id) AS claims
}
RETURN claims`

	cypherClaimLinks = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Claim {id: id})-[r:SUPPORTS|ATTACKS]-(:Claim)
  WITH r ORDER BY r.id
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE ` + projRel + ` END) AS links
}
RETURN links`

	cypherActorParts = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Actor {id: id})<-[:PART_OF]-(p:Actor)
  WITH DISTINCT p ORDER BY p.id
  RETURN collect(p.id) AS parts
}
RETURN parts`
)

// byIDs runs a batch statement over ids and decodes one value per row.
func byIDs[T any](ctx context.Context, db *DB, cypher string, ids []string, extra map[string]any, decode func(any) T) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	params := map[string]any{"ids": ids}
	for k, v := range extra {
		params[k] = v
	}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]T, error) {
		return byIDsInTx(ctx, tx, cypher, params, decode)
	})
}

// byIDsInTx runs a batch statement inside a transaction; params["ids"]
// holds the keys.
func byIDsInTx[T any](ctx context.Context, tx *txRunner, cypher string, params map[string]any, decode func(any) T) ([]T, error) {
	recs, err := tx.run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	if n := len(params["ids"].([]string)); len(recs) != n {
		return nil, fmt.Errorf("batch statement returned %d rows for %d keys", len(recs), n)
	}
	out := make([]T, len(recs))
	for i, r := range recs {
		out[i] = decode(r.Values[0])
	}
	return out, nil
}

// objectsOf fetches, in a running transaction, the objects that explore
// answers name by id, so the API need not wait for a loader to ask for
// them. ids may repeat; the answer follows ids.
func objectsOf[T any](ctx context.Context, tx *txRunner, cypher string, ids []string, decode func(any) T) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return byIDsInTx(ctx, tx, cypher, map[string]any{"ids": ids}, decode)
}

// ActorsByID implements argmap.ReadService.
func (db *DB) ActorsByID(ctx context.Context, ids []string) ([]*argmap.Actor, error) {
	return byIDs(ctx, db, cypherActorsByID, ids, nil, actorFrom)
}

// ClaimsByID implements argmap.ReadService.
func (db *DB) ClaimsByID(ctx context.Context, ids []string) ([]*argmap.Claim, error) {
	return byIDs(ctx, db, cypherClaimsByID, ids, nil, claimFrom)
}

// DocumentsByID implements argmap.ReadService.
func (db *DB) DocumentsByID(ctx context.Context, ids []string) ([]*argmap.Document, error) {
	return byIDs(ctx, db, cypherDocumentsByID, ids, nil, documentFrom)
}

// DocumentClaimIDs implements argmap.ReadService.
func (db *DB) DocumentClaimIDs(ctx context.Context, documentIDs []string, first int) ([][]string, error) {
	if err := argmap.CheckRange("first", first, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	return byIDs(ctx, db, cypherDocumentClaimIDs, documentIDs, map[string]any{"first": int64(first)}, stringList)
}

// ActorClaimIDs implements argmap.ReadService.
func (db *DB) ActorClaimIDs(ctx context.Context, actorIDs []string, first int) ([][]string, error) {
	if err := argmap.CheckRange("first", first, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	return byIDs(ctx, db, cypherActorClaimIDs, actorIDs, map[string]any{"first": int64(first)}, stringList)
}

// ClaimLinks implements argmap.ReadService.
func (db *DB) ClaimLinks(ctx context.Context, claimIDs []string) ([][]*argmap.Link, error) {
	return byIDs(ctx, db, cypherClaimLinks, claimIDs, nil, func(v any) []*argmap.Link {
		var links []*argmap.Link
		for _, x := range v.([]any) {
			if l, ok := linkFrom(x); ok {
				links = append(links, l)
			}
		}
		return links
	})
}

// ActorParts implements argmap.ReadService.
func (db *DB) ActorParts(ctx context.Context, actorIDs []string) ([][]string, error) {
	return byIDs(ctx, db, cypherActorParts, actorIDs, nil, stringList)
}

// ActorRelations implements argmap.ReadService.
func (db *DB) ActorRelations(ctx context.Context, actorIDs []string, f argmap.RelationFilter) ([][]*argmap.Relation, *argmap.Related, error) {
	if err := argmap.CheckRange("first", f.First, 1, argmap.MaxPageSize); err != nil {
		return nil, nil, err
	}
	types, err := allowedRelTypes(f.Types)
	if err != nil {
		return nil, nil, err
	}
	pattern := "(a)-[r:" + types + "]-(b:Actor)"
	switch f.Direction {
	case argmap.DirectionOut:
		pattern = "(a)-[r:" + types + "]->(b:Actor)"
	case argmap.DirectionIn:
		pattern = "(a)<-[r:" + types + "]-(b:Actor)"
	}
	var where []string
	params := map[string]any{"first": int64(f.First)}
	if f.Modality != "" {
		where, params["modality"] = append(where, "r.modality = $modality"), string(f.Modality)
	}
	if f.DocumentID != "" {
		where, params["doc"] = append(where, "r.doc = $doc"), f.DocumentID
	}
	if !f.Published.Empty() {
		cond := "EXISTS { MATCH (d:Document {id: r.doc}) WHERE true"
		if f.Published.From != nil {
			cond += " AND d.published >= $from"
			params["from"] = dbtype.Date(*f.Published.From)
		}
		if f.Published.To != nil {
			cond += " AND d.published <= $to"
			params["to"] = dbtype.Date(*f.Published.To)
		}
		where = append(where, cond+" }")
	}
	whereClause := ""
	if len(where) > 0 {
		whereClause = "\n  WHERE " + strings.Join(where, " AND ")
	}
	cypher := `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (a:Actor {id: id})
  OPTIONAL MATCH ` + pattern + whereClause + `
  WITH a, r, b ORDER BY type(r), r.id
  LIMIT $first
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE ` + projRel + ` END) AS rels,
         collect(DISTINCT b) + collect(DISTINCT a) AS others,
         reduce(ids = [], e IN collect(r.evidence) | ids + e) AS evidence
}
CALL (others) {
  UNWIND others AS a
  RETURN collect(` + projActor + `) AS actors
}
CALL (evidence) {
  UNWIND evidence AS cid
  WITH DISTINCT cid
  MATCH (c:Claim {id: cid})
  RETURN collect(` + projClaim + `) AS claims
}
RETURN rels, actors, claims`
	if len(actorIDs) == 0 {
		return nil, &argmap.Related{}, nil
	}
	params["ids"] = actorIDs
	type answer struct {
		rels    [][]*argmap.Relation
		related *argmap.Related
	}
	ans, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (answer, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return answer{}, err
		}
		a := answer{rels: make([][]*argmap.Relation, len(recs)), related: &argmap.Related{}}
		for i, rec := range recs {
			for _, x := range rec.Values[0].([]any) {
				if r, ok := relationFrom(x); ok {
					a.rels[i] = append(a.rels[i], r)
				}
			}
			for _, x := range rec.Values[1].([]any) {
				a.related.Actors = append(a.related.Actors, actorFrom(x))
			}
			for _, x := range rec.Values[2].([]any) {
				a.related.Claims = append(a.related.Claims, claimFrom(x))
			}
		}
		return a, nil
	})
	return ans.rels, ans.related, err
}

// Actors implements argmap.ReadService.
func (db *DB) Actors(ctx context.Context, f argmap.ActorFilter, order argmap.ActorOrder, page argmap.Page) (*argmap.Connection[*argmap.Actor], error) {
	q := pageQuery{list: "actors:" + string(order), match: "MATCH (a:Actor)", params: map[string]any{}, project: projActor}
	if f.DocumentID != "" {
		q.match = "MATCH (:Document {id: $doc})-[:NAMES]->(a:Actor)"
		q.params["doc"] = f.DocumentID
	}
	if f.Name != "" {
		// keyText holds every key between newlines, and a folded name has
		// none: a substring of one key is a substring of keyText, which a
		// TEXT index answers (NodeIndexContainsScan), not a label scan.
		q.where = append(q.where, "a.keyText CONTAINS $name")
		q.params["name"] = argmap.FoldName(f.Name)
	}
	if len(f.Types) > 0 {
		q.where = append(q.where, "a.type IN $types")
		q.params["types"] = argmap.Strings(f.Types)
	}
	switch order {
	case argmap.ActorOrderID:
		q.sortBy = []string{"a.id"}
	case argmap.ActorOrderName, "":
		q.sortBy = []string{"toLower(a.name)", "a.id"}
	default:
		return nil, argmap.FieldErrorf(argmap.EINVALID, "orderBy", "Unknown order %q.", order)
	}
	return runPage(ctx, db, q, page, actorFrom)
}

// Claims implements argmap.ReadService.
func (db *DB) Claims(ctx context.Context, f argmap.ClaimFilter, page argmap.Page) (*argmap.Connection[*argmap.Claim], error) {
	q := pageQuery{list: "claims", match: "MATCH (c:Claim)-[f:FROM]->(d:Document)", params: map[string]any{}, project: projClaim,
		sortBy: []string{"toString(d.published)", "d.id", "f.start", "c.id"}}
	if f.DocumentID != "" {
		q.match = "MATCH (c:Claim)-[f:FROM]->(d:Document {id: $doc})"
		q.params["doc"] = f.DocumentID
	}
	if f.ActorID != "" {
		q.where = append(q.where, "EXISTS { (c)-[:MENTIONS]->(:Actor {id: $actor}) }")
		q.params["actor"] = f.ActorID
	}
	if len(f.Roles) > 0 {
		q.where, q.params["roles"] = append(q.where, "c.role IN $roles"), argmap.Strings(f.Roles)
	}
	if len(f.Modalities) > 0 {
		q.where, q.params["modalities"] = append(q.where, "c.modality IN $modalities"), argmap.Strings(f.Modalities)
	}
	if len(f.Hedgings) > 0 {
		q.where, q.params["hedgings"] = append(q.where, "c.hedging IN $hedgings"), argmap.Strings(f.Hedgings)
	}
	if f.Text != "" {
		q.where, q.params["text"] = append(q.where, "toLower(c.text) CONTAINS toLower($text)"), f.Text
	}
	q.where = append(q.where, publishedWhere(f.Published, "d", q.params)...)
	return runPage(ctx, db, q, page, claimFrom)
}

// Documents implements argmap.ReadService.
func (db *DB) Documents(ctx context.Context, f argmap.DocumentFilter, page argmap.Page) (*argmap.Connection[*argmap.Document], error) {
	q := pageQuery{list: "documents", match: "MATCH (d:Document)", params: map[string]any{}, project: projDocument,
		sortBy: []string{"toString(d.published)", "d.id"}}
	q.where = publishedWhere(f.Published, "d", q.params)
	return runPage(ctx, db, q, page, documentFrom)
}

func publishedWhere(r argmap.DateRange, doc string, params map[string]any) []string {
	var where []string
	if r.From != nil {
		where, params["from"] = append(where, doc+".published >= $from"), dbtype.Date(*r.From)
	}
	if r.To != nil {
		where, params["to"] = append(where, doc+".published <= $to"), dbtype.Date(*r.To)
	}
	return where
}
