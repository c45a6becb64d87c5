package neo4j

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/argmap/argmap/internal/argmap"
)

var _ argmap.MapService = (*DB)(nil)

// Every relationship a document's map contributes carries doc = the
// document id, so that re-importing the document finds and replaces exactly
// what it wrote before, and nothing another document wrote.
const (
	cypherPriorActors = `
OPTIONAL MATCH (d:Document {id: $doc})
OPTIONAL MATCH (d)-[:NAMES]->(a:Actor)
RETURN d IS NOT NULL AS existed, collect(a.id) AS prior`

	// An actor id that is new must not carry the name or alias of another
	// stored actor: that is almost always the same actor under a second id.
	// Actors that only this document names are exempt: the import replaces
	// them (a map may rename its own actor's id).
	cypherActorKeyClashes = `
UNWIND $actors AS a
MATCH (x:Actor) WHERE x.id <> a.id AND NOT EXISTS { MATCH (:Actor {id: a.id}) }
  AND NOT (EXISTS { (x)<-[:NAMES]-(:Document {id: $doc}) } AND NOT EXISTS { (x)<-[:NAMES]-(o:Document) WHERE o.id <> $doc })
WITH a, x, [k IN a.keys WHERE k IN x.keys] AS shared
WHERE size(shared) > 0
RETURN a.id AS actor, x.id AS other, shared ORDER BY actor, other`

	cypherDeleteClaimEdges = `
MATCH (:Document {id: $doc})<-[:FROM]-(:Claim)-[r:MENTIONS|SUPPORTS|ATTACKS]->()
WHERE r.doc = $doc
DELETE r`

	cypherDeleteActorEdges = `
MATCH (:Document {id: $doc})-[:NAMES]->(:Actor)-[r]->(:Actor)
WHERE r.doc = $doc
DELETE r`

	cypherDeleteNames = `
MATCH (:Document {id: $doc})-[n:NAMES]->(:Actor)
DELETE n`

	cypherUpsertDocument = `
MERGE (d:Document {id: $doc})
SET d = $props`

	cypherUpsertActors = `
MATCH (d:Document {id: $doc})
UNWIND $actors AS a
MERGE (x:Actor {id: a.id})
SET x.name = a.name, x.type = a.type, x.description = a.description
CREATE (d)-[n:NAMES]->(x)
SET n = a.names`

	cypherPartOf = `
UNWIND $rows AS p
MATCH (a:Actor {id: p.from}), (b:Actor {id: p.to})
CREATE (a)-[:PART_OF {doc: $doc}]->(b)`

	cypherUpsertClaims = `
MATCH (d:Document {id: $doc})
UNWIND $claims AS c
MERGE (x:Claim {id: c.props.id})
SET x = c.props
MERGE (x)-[f:FROM]->(d)
SET f.start = c.start, f.doc = $doc`

	cypherMentions = `
UNWIND $rows AS m
MATCH (c:Claim {id: m.claim}), (a:Actor {id: m.actor})
CREATE (c)-[r:MENTIONS]->(a)
SET r = m.props`

	cypherDeleteStaleClaims = `
MATCH (c:Claim)-[:FROM]->(:Document {id: $doc})
WHERE NOT c.id IN $claims
DETACH DELETE c`

	// Actors the document named before and that no document names now were
	// created by this document alone: they go with it.
	cypherDeleteOrphanActors = `
UNWIND $prior AS id
MATCH (a:Actor {id: id})
WHERE NOT EXISTS { (a)<-[:NAMES]-(:Document) }
DETACH DELETE a`
)

var (
	// An actor's aliases and match keys are the union of those given by
	// hand (createActor, updateActor) and of what every document naming it
	// says, in document id order so the result is stable. The lists are
	// flattened with UNWIND and deduplicated by collect(DISTINCT), which
	// keeps the first occurrence in row order: linear in the number of
	// documents naming the actor (a reduce that appends to a list copies it
	// at every step, which took 1.2 s for an actor named by 10,000
	// documents).
	cypherActorAliases = `
UNWIND $ids AS id
MATCH (a:Actor {id: id})
CALL {
  WITH a
  OPTIONAL MATCH (d:Document)-[n:NAMES]->(a)
  WITH a, n ORDER BY d.id
  WITH a, collect(n.aliases) AS lists
  UNWIND [coalesce(a.manualAliases, [])] + lists AS l
  UNWIND l AS x
  RETURN collect(DISTINCT x) AS aliases
}
CALL {
  WITH a
  OPTIONAL MATCH (d:Document)-[n:NAMES]->(a)
  WITH a, n ORDER BY d.id
  WITH a, collect(n.keys) AS lists
  UNWIND [coalesce(a.manualKeys, [])] + lists AS l
  UNWIND l AS x
  RETURN collect(DISTINCT x) AS keys
}
// toString only for Neo4j's type check, which takes the doubly unwound
// keys for booleans and refuses + on them; they are strings.
WITH a, aliases, keys, reduce(t = '\n', k IN keys | t + toString(k) + '\n') AS keyText
SET a.aliases = aliases, a.keys = keys, a.keyText = keyText, a.translitText = ` + cypherTranslitText("keys")
)

// cypherCreateEdges returns the statement that creates edges of one type
// between nodes of one label. t and label come from the argmap allowlists.
func cypherCreateEdges(label argmap.NodeLabel, t argmap.RelType) string {
	return fmt.Sprintf(`
UNWIND $rows AS e
MATCH (a:%[1]s {id: e.from}), (b:%[1]s {id: e.to})
CREATE (a)-[r:%[2]s]->(b)
SET r = e.props`, label, t)
}

// importParams is everything the import statements need, built before the
// transaction so that a retried transaction only re-sends data.
type importParams struct {
	doc       string
	document  map[string]any
	actors    []map[string]any
	partOf    []map[string]any
	claims    []map[string]any
	claimIDs  []string
	mentions  []map[string]any
	links     map[argmap.RelType][]map[string]any
	relations map[argmap.RelType][]map[string]any
	actorIDs  []string
	summary   argmap.ImportSummary
}

func buildImportParams(m *argmap.Map) *importParams {
	doc := m.Document.ID
	p := &importParams{doc: doc, links: map[argmap.RelType][]map[string]any{}, relations: map[argmap.RelType][]map[string]any{}}
	d := m.Document
	p.document = map[string]any{"id": d.ID, "title": d.Title, "published": dbtype.Date(d.Published), "source": d.Source,
		"language": d.Language, "text": d.Text, "sha256": d.SHA256}
	for _, a := range m.Actors {
		aliases := a.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		names := setQuotes(map[string]any{"doc": doc, "aliases": aliases, "keys": a.Keys()}, a.Mentions)
		p.actors = append(p.actors, map[string]any{"id": a.ID, "name": a.Name, "type": string(a.Type),
			"description": a.Description, "keys": a.Keys(), "names": names})
		p.actorIDs = append(p.actorIDs, a.ID)
		for _, parent := range a.PartOf {
			p.partOf = append(p.partOf, map[string]any{"from": a.ID, "to": parent})
		}
	}
	for _, c := range m.Claims {
		props := setQuotes(map[string]any{"id": c.ID, "text": c.Text, "role": string(c.Role), "modality": string(c.Modality),
			"hedging": string(c.Hedging), "hedgeCue": c.HedgeCue, "document": doc}, c.Quotes)
		p.claims = append(p.claims, map[string]any{"props": props, "start": int64(firstStart(c.Quotes))})
		p.claimIDs = append(p.claimIDs, c.ID)
		for _, mn := range c.Mentions {
			p.mentions = append(p.mentions, map[string]any{"claim": c.ID, "actor": mn.ActorID,
				"props": setQuotes(map[string]any{"doc": doc, "role": string(mn.Role)}, []argmap.Quote{mn.Quote})})
		}
	}
	for _, l := range m.Links {
		t := argmap.RelTypeSupports
		props := map[string]any{"id": l.ID, "doc": doc}
		if l.Type == argmap.LinkAttacks {
			t = argmap.RelTypeAttacks
			props["kind"] = string(l.Kind)
			if l.TargetLink != "" {
				props["targetLink"] = l.TargetLink
			}
		}
		var qs []argmap.Quote
		if l.Quote != nil {
			qs = []argmap.Quote{*l.Quote}
		}
		p.links[t] = append(p.links[t], map[string]any{"from": l.From, "to": l.To, "props": setQuotes(props, qs)})
	}
	for _, r := range m.Relations {
		t := r.Type.RelType()
		props := setQuotes(map[string]any{"id": r.ID, "doc": doc, "modality": string(r.Modality), "evidence": r.Evidence}, r.Quotes)
		p.relations[t] = append(p.relations[t], map[string]any{"from": r.From, "to": r.To, "props": props})
	}

	s := &p.summary
	s.DocumentID = doc
	s.Nodes = []argmap.Count{{Kind: string(argmap.LabelDocument), Count: 1},
		{Kind: string(argmap.LabelClaim), Count: int64(len(m.Claims))}, {Kind: string(argmap.LabelActor), Count: int64(len(m.Actors))}}
	s.Relationships = []argmap.Count{{Kind: string(argmap.RelTypeFrom), Count: int64(len(m.Claims))},
		{Kind: string(argmap.RelTypeNames), Count: int64(len(m.Actors))}, {Kind: string(argmap.RelTypePartOf), Count: int64(len(p.partOf))},
		{Kind: string(argmap.RelTypeMentions), Count: int64(len(p.mentions))}}
	for _, t := range []argmap.RelType{argmap.RelTypeSupports, argmap.RelTypeAttacks} {
		s.Relationships = append(s.Relationships, argmap.Count{Kind: string(t), Count: int64(len(p.links[t]))})
	}
	for _, rt := range argmap.RelationTypes {
		if n := len(p.relations[rt.RelType()]); n > 0 {
			s.Relationships = append(s.Relationships, argmap.Count{Kind: string(rt.RelType()), Count: int64(n)})
		}
	}
	return p
}

// ImportMap implements argmap.MapService.
func (db *DB) ImportMap(ctx context.Context, m *argmap.Map, progress argmap.Progress) (*argmap.ImportSummary, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	p := buildImportParams(m)
	doc := map[string]any{"doc": p.doc}
	with := func(k string, v any) map[string]any { return map[string]any{"doc": p.doc, k: v} }

	// Each step is one statement; all run in one transaction, so a failure
	// anywhere leaves the graph as it was.
	type step struct {
		name   string
		cypher string
		params map[string]any
	}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.ImportSummary, error) {
		recs, err := tx.run(ctx, cypherPriorActors, doc)
		if err != nil {
			return nil, err
		}
		existed, _ := recs[0].Get("existed")
		priorAny, _ := recs[0].Get("prior")
		prior := stringList(priorAny)

		recs, err = tx.run(ctx, cypherActorKeyClashes, with("actors", p.actors))
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			var probs []argmap.Problem
			for _, r := range recs {
				a, _ := r.Get("actor")
				o, _ := r.Get("other")
				shared, _ := r.Get("shared")
				probs = append(probs, argmap.Problem{Item: fmt.Sprintf("actor %s", a), Field: "aliases",
					Expected: fmt.Sprintf("the id %s", o), Found: fmt.Sprint(a),
					Message: fmt.Sprintf("the name or alias %q belongs to the stored actor %s: use that id, or rename", stringList(shared), o)})
			}
			return nil, &argmap.ValidationError{Subject: fmt.Sprintf("map of document %q", p.doc), Problems: probs}
		}

		steps := []step{
			{"removing the document's previous edges", cypherDeleteClaimEdges, doc},
			{"removing the document's previous edges", cypherDeleteActorEdges, doc},
			{"removing the document's previous edges", cypherDeleteNames, doc},
			{"writing the document", cypherUpsertDocument, with("props", p.document)},
			{"writing actors", cypherUpsertActors, with("actors", p.actors)},
			{"writing actors", cypherPartOf, with("rows", p.partOf)},
			{"writing claims", cypherUpsertClaims, with("claims", p.claims)},
			{"writing claims", cypherMentions, with("rows", p.mentions)},
		}
		for _, t := range []argmap.RelType{argmap.RelTypeSupports, argmap.RelTypeAttacks} {
			if rows := p.links[t]; len(rows) > 0 {
				steps = append(steps, step{"writing links", cypherCreateEdges(argmap.LabelClaim, t), with("rows", rows)})
			}
		}
		for _, rt := range argmap.RelationTypes {
			if rows := p.relations[rt.RelType()]; len(rows) > 0 {
				steps = append(steps, step{"writing relations", cypherCreateEdges(argmap.LabelActor, rt.RelType()), with("rows", rows)})
			}
		}
		touched := append(slices.Clone(prior), p.actorIDs...)
		sort.Strings(touched)
		steps = append(steps,
			step{"removing what the new map dropped", cypherDeleteStaleClaims, with("claims", p.claimIDs)},
			step{"removing what the new map dropped", cypherDeleteOrphanActors, with("prior", prior)},
			step{"merging actor aliases", cypherActorAliases, with("ids", slices.Compact(touched))},
		)
		for i, s := range steps {
			progress(s.name, i, len(steps))
			if _, err := tx.run(ctx, s.cypher, s.params); err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
		}
		progress("done", len(steps), len(steps))
		summary := p.summary
		summary.Replaced = existed.(bool)
		return &summary, nil
	})
}

// DocumentCount implements argmap.MapService.
func (db *DB) DocumentCount(ctx context.Context) (int64, error) {
	res, err := db.query(ctx, "MATCH (d:Document) RETURN count(d) AS n", nil, false)
	if err != nil {
		return 0, err
	}
	n, _ := res.Records[0].Get("n")
	return n.(int64), nil
}
