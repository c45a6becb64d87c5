package neo4j

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/textsearch"
)

var _ argmap.WriteService = (*DB)(nil)

// Creation statements MERGE on the application's id and set properties
// only when they create: a retried or concurrent create of the same thing
// finds it, and the caller compares what is stored with what was asked
// (same: idempotent success; different: CONFLICT).
const (
	cypherCreateDocument = `
MERGE (d:Document {id: $props.id})
ON CREATE SET d = $props
RETURN properties(d) AS d`

	cypherDocumentText = `MATCH (d:Document {id: $doc}) RETURN d.text AS text`

	cypherCreateClaim = `
MATCH (d:Document {id: $doc})
MERGE (c:Claim {id: $props.id})
ON CREATE SET c = $props
MERGE (c)-[f:FROM]->(d)
ON CREATE SET f.start = $start, f.doc = $doc
RETURN ` + projClaim + ` AS c`

	cypherCreateActor = `
MERGE (a:Actor {id: $props.id})
ON CREATE SET a = $props
RETURN ` + projActor + ` AS a`

	cypherDeleteDocumentClaims = `
MATCH (c:Claim)-[:FROM]->(:Document {id: $doc})
DETACH DELETE c`

	cypherDeleteDocumentNode = `MATCH (d:Document {id: $doc}) DETACH DELETE d`
)

// equalProps reports whether the stored properties hold what was asked.
func equalProps(stored, asked map[string]any) bool {
	for k, v := range asked {
		if !reflect.DeepEqual(normalizeValue(stored[k]), normalizeValue(v)) {
			return false
		}
	}
	return true
}

// normalizeValue makes driver values and Go parameters comparable: lists
// come back as []any, integers as int64.
func normalizeValue(v any) any {
	switch x := v.(type) {
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []int64:
		out := make([]any, len(x))
		for i, n := range x {
			out[i] = n
		}
		return out
	case int:
		return int64(x)
	}
	return v
}

// conflict is the error of a create whose id is taken by other content; it
// names the input's id.
func conflict(kind, id string) error {
	return argmap.FieldErrorf(argmap.ECONFLICT, "id", "A different %s with id %q already exists.", kind, id)
}

// CreateDocument implements argmap.WriteService.
func (db *DB) CreateDocument(ctx context.Context, in argmap.DocumentInput) (*argmap.Document, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(in.Text))
	d := argmap.Document{ID: in.ID, Title: in.Title, Published: in.Published, Source: in.Source, Language: in.Language, Text: in.Text,
		SHA256: hex.EncodeToString(sum[:])}
	props := map[string]any{"id": d.ID, "title": d.Title, "published": dbtype.Date(d.Published), "source": d.Source,
		"language": d.Language, "text": d.Text, "sha256": d.SHA256}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Document, error) {
		recs, err := tx.run(ctx, cypherCreateDocument, map[string]any{"props": props})
		if err != nil {
			return nil, err
		}
		stored := recs[0].Values[0].(map[string]any)
		if !equalProps(stored, props) {
			return nil, conflict("document", d.ID)
		}
		return documentFrom(stored), nil
	})
}

// DeleteDocument implements argmap.WriteService.
func (db *DB) DeleteDocument(ctx context.Context, id string) error {
	doc := map[string]any{"doc": id}
	_, err := write(ctx, db, func(ctx context.Context, tx *txRunner) (struct{}, error) {
		recs, err := tx.run(ctx, cypherPriorActors, doc)
		if err != nil {
			return struct{}{}, err
		}
		if existed, _ := recs[0].Get("existed"); existed != true {
			return struct{}{}, argmap.FieldErrorf(argmap.ENOTFOUND, "id", "There is no document %q.", id)
		}
		priorAny, _ := recs[0].Get("prior")
		prior := stringList(priorAny)
		for _, s := range []struct {
			cypher string
			params map[string]any
		}{
			{cypherDeleteClaimEdges, doc},
			{cypherDeleteActorEdges, doc},
			{cypherDeleteNames, doc},
			{cypherDeleteDocumentClaims, doc},
			{cypherDeleteDocumentNode, doc},
			{cypherDeleteOrphanActors, map[string]any{"doc": id, "prior": prior}},
			{cypherActorAliases, map[string]any{"doc": id, "ids": prior}},
		} {
			if _, err := tx.run(ctx, s.cypher, s.params); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	})
	return err
}

// AddClaim implements argmap.WriteService.
func (db *DB) AddClaim(ctx context.Context, in argmap.ClaimInput) (*argmap.Claim, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	id := in.DocumentID + "/" + in.ID
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Claim, error) {
		recs, err := tx.run(ctx, cypherDocumentText, map[string]any{"doc": in.DocumentID})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, argmap.FieldErrorf(argmap.ENOTFOUND, "documentId", "There is no document %q.", in.DocumentID)
		}
		quotes, err := anchorIn(recs[0].Values[0].(string), in.DocumentID, "claim "+in.ID, quotesField("quotes"), in.Quotes)
		if err != nil {
			return nil, err
		}
		props := setQuotes(map[string]any{"id": id, "text": in.Text, "role": string(in.Role), "modality": string(in.Modality),
			"hedging": string(in.Hedging), "hedgeCue": in.HedgeCue, "document": in.DocumentID}, quotes)
		recs, err = tx.run(ctx, cypherCreateClaim, map[string]any{"doc": in.DocumentID, "props": props, "start": int64(firstStart(quotes))})
		if err != nil {
			return nil, err
		}
		c := recs[0].Values[0]
		if !equalProps(c.(map[string]any)["props"].(map[string]any), props) {
			return nil, conflict("claim", id)
		}
		return claimFrom(c), nil
	})
}

// LinkClaims implements argmap.WriteService.
func (db *DB) LinkClaims(ctx context.Context, in argmap.LinkInput) (*argmap.Link, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Link, error) {
		claims, err := byIDsInTx(ctx, tx, cypherClaimsByID, map[string]any{"ids": []string{in.From, in.To}}, claimFrom)
		if err != nil {
			return nil, err
		}
		if claims[0] == nil {
			return nil, notFound(ctx, tx, "claim", "from", in.From)
		}
		doc := claims[0].DocumentID
		props := map[string]any{"id": doc + "/" + in.ID, "doc": doc}
		t := argmap.RelTypeSupports
		to := in.To
		if in.Type == argmap.LinkAttacks {
			t = argmap.RelTypeAttacks
			props["kind"] = string(in.Kind)
			if in.Kind == argmap.AttackUndercut {
				// The target is an inference: the supports link, whose
				// conclusion the attack edge points at.
				target := in.TargetLink
				if target == "" {
					target = in.To
				}
				recs, err := tx.run(ctx, `MATCH ()-[r:SUPPORTS {id: $id}]->(c:Claim) RETURN c.id`, map[string]any{"id": target})
				if err != nil {
					return nil, err
				}
				if len(recs) == 0 {
					return nil, argmap.FieldErrorf(argmap.EINVALID, "to", "An undercut attacks an inference: %q is not the id of a support link.", target)
				}
				props["targetLink"], to = target, recs[0].Values[0].(string)
			}
		}
		if to != in.To || claims[1] == nil {
			if c, err := byIDsInTx(ctx, tx, cypherClaimsByID, map[string]any{"ids": []string{to}}, claimFrom); err != nil {
				return nil, err
			} else if c[0] == nil {
				return nil, notFound(ctx, tx, "claim", "to", to)
			}
		}
		props = setQuotes(props, nil)
		cypher := fmt.Sprintf(`
MATCH (a:Claim {id: $from}), (b:Claim {id: $to})
MERGE (a)-[r:%s {id: $props.id}]->(b)
ON CREATE SET r = $props
RETURN `+projRel+` AS r`, t)
		recs, err := tx.run(ctx, cypher, map[string]any{"from": in.From, "to": to, "props": props})
		if err != nil {
			return nil, err
		}
		l, _ := linkFrom(recs[0].Values[0])
		if !equalProps(recs[0].Values[0].(map[string]any)["props"].(map[string]any), props) {
			return nil, conflict("link", props["id"].(string))
		}
		return l, nil
	})
}

// CreateActor implements argmap.WriteService.
func (db *DB) CreateActor(ctx context.Context, in argmap.ActorInput) (*argmap.Actor, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	a := argmap.Actor{ID: in.ID, Name: in.Name, Type: in.Type, Aliases: in.Aliases, Description: in.Description}
	aliases := in.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	manual := argmap.Actor{Aliases: aliases}
	props := map[string]any{"id": a.ID, "name": a.Name, "type": string(a.Type), "description": a.Description, "aliases": aliases,
		"keys": a.Keys(), "keyText": keyText(a.Keys()), "translitText": textsearch.TranslitText(a.Keys()),
		"manualAliases": aliases, "manualKeys": append(manual.Keys(), argmap.FoldName(a.Name))}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Actor, error) {
		recs, err := tx.run(ctx, cypherActorKeyClashes, map[string]any{"doc": "", "actors": []map[string]any{{"id": a.ID, "keys": a.Keys()}}})
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			other, _ := recs[0].Get("other")
			return nil, argmap.FieldErrorf(argmap.EINVALID, "aliases", "A name or alias of %q belongs to the actor %v already: use that actor, or merge.", a.ID, other)
		}
		recs, err = tx.run(ctx, cypherCreateActor, map[string]any{"props": props})
		if err != nil {
			return nil, err
		}
		stored := recs[0].Values[0]
		if !equalProps(stored.(map[string]any)["props"].(map[string]any), props) {
			return nil, conflict("actor", a.ID)
		}
		return actorFrom(stored), nil
	})
}

// mergeMoves moves, for one relationship type, the relationships of the
// merged actor to the survivor, dropping those that would join the
// survivor to itself. Types come from the allowlist.
func mergeMoves() []string {
	types := []argmap.RelType{argmap.RelTypePartOf, argmap.RelTypeNames, argmap.RelTypeMentions}
	for _, t := range argmap.RelationTypes {
		types = append(types, t.RelType())
	}
	var out []string
	for _, t := range types {
		out = append(out,
			// The old relationship goes before its copy is made: the copy
			// keeps the id, which a uniqueness constraint guards.
			fmt.Sprintf(`MATCH (m:Actor {id: $merged})-[r:%[1]s]->(x) MATCH (s:Actor {id: $survivor})
WITH r, x, s, properties(r) AS props WHERE x <> s
DELETE r
CREATE (s)-[n:%[1]s]->(x) SET n = props
RETURN count(n) AS moved`, t),
			fmt.Sprintf(`MATCH (x)-[r:%[1]s]->(m:Actor {id: $merged}) MATCH (s:Actor {id: $survivor})
WITH r, x, s, properties(r) AS props WHERE x <> s
DELETE r
CREATE (x)-[n:%[1]s]->(s) SET n = props
RETURN count(n) AS moved`, t))
	}
	return out
}

var cypherMergeMoves = mergeMoves()

const cypherMergeFinish = `
MATCH (m:Actor {id: $merged}), (s:Actor {id: $survivor})
OPTIONAL MATCH (old:MergedActor)-[o:MERGED_INTO]->(m)
WITH m, s, collect(old) AS olds
FOREACH (x IN olds | MERGE (x)-[:MERGED_INTO]->(s))
MERGE (r:MergedActor {id: $merged})
MERGE (r)-[:MERGED_INTO]->(s)
SET s.aliases = $aliases, s.keys = $keys, s.keyText = $keyText, s.translitText = $translitText
DETACH DELETE m`

// MergeActors implements argmap.WriteService.
func (db *DB) MergeActors(ctx context.Context, survivorID, mergedID string) (*argmap.MergeResult, error) {
	if survivorID == mergedID || survivorID == "" || mergedID == "" {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "merged", "Give two different actors: the survivor and the actor merged into it.")
	}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.MergeResult, error) {
		recs, err := tx.run(ctx, `
UNWIND $ids AS id
OPTIONAL MATCH (a:Actor {id: id})
RETURN CASE WHEN a IS NULL THEN null ELSE `+projActor+` END AS a,
       EXISTS { (:MergedActor {id: id})-[:MERGED_INTO]->(:Actor {id: $survivor}) } AS done`,
			map[string]any{"ids": []string{survivorID, mergedID}, "survivor": survivorID})
		if err != nil {
			return nil, err
		}
		survivor, merged := actorFrom(recs[0].Values[0]), actorFrom(recs[1].Values[0])
		if survivor == nil {
			return nil, notFound(ctx, tx, "actor", "survivor", survivorID)
		}
		if merged == nil {
			if recs[1].Values[1] == true {
				return &argmap.MergeResult{Survivor: survivor}, nil // a retry of a merge that happened
			}
			return nil, notFound(ctx, tx, "actor", "merged", mergedID)
		}
		params := map[string]any{"survivor": survivorID, "merged": mergedID}
		var moved int64
		for _, c := range cypherMergeMoves {
			recs, err := tx.run(ctx, c, params)
			if err != nil {
				return nil, err
			}
			if len(recs) > 0 {
				n, _ := recs[0].Get("moved")
				moved += n.(int64)
			}
		}
		union := argmap.Actor{Name: survivor.Name, Aliases: slices.Clone(survivor.Aliases)}
		for _, al := range append([]string{merged.Name}, merged.Aliases...) {
			if !slices.Contains(union.Aliases, al) && al != survivor.Name {
				union.Aliases = append(union.Aliases, al)
			}
		}
		p := maps.Clone(params)
		p["aliases"], p["keys"], p["keyText"] = union.Aliases, union.Keys(), keyText(union.Keys())
		p["translitText"] = textsearch.TranslitText(union.Keys())
		if _, err := tx.run(ctx, cypherMergeFinish, p); err != nil {
			return nil, err
		}
		survivor.Aliases = union.Aliases
		return &argmap.MergeResult{Survivor: survivor, Moved: moved}, nil
	})
}
