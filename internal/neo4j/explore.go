package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// explore.go holds what the files implementing argmap.ExploreService share;
// paths.go, argtree.go, risk.go, neighbourhood.go and counts.go implement it
// (except Search, in search.go). Every method validates its arguments in Go,
// then runs in one read transaction a number of statements that does not
// grow with the answer: one for most methods; for paths, the ends and the
// actors of the paths (two), plus, in ALL mode, one per ring of neighbours
// fetched and one for the relations (findPaths).
//
// Variable-length bounds (*1..6) cannot be Cypher parameters, so the
// statements are built by small functions that splice a validated Go int and
// relationship types from the argmap allowlist (RelationType.RelType), never
// input text. Every value is still a parameter.

var _ argmap.ExploreService = (*DB)(nil)

// projPathIDs and projPathRels project the nodes and relationships of path p;
// the relationships in the projRel shape, so that relationFrom and linkFrom
// decode them.
const (
	projPathIDs  = `[n IN nodes(p) | n.id]`
	projPathRels = `[r IN relationships(p) | ` + projRel + `]`
	// pathOrder makes ties deterministic: same-length paths come in order of
	// their node ids, then relationship ids (parallel relations of two
	// documents), then documents (part-of links have no id), step by step
	// as findPaths' search orders them.
	pathOrder = projPathIDs + `, [r IN relationships(p) | [r.id, r.doc]]`
	// simplePath keeps the paths that visit no node twice. Variable-length
	// patterns only keep relationships distinct.
	simplePath = `all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))`
)

// allowedRelTypes returns the alternation of the Neo4j relationship types of the
// given actor relations ("RISK_TO|THREATENS"), or of every actor relation when
// types is empty. PART_OF is not an actor relation and never appears. Types
// come only from the allowlist: an unknown type is a BAD_USER_INPUT.
func allowedRelTypes(types []argmap.RelationType) (string, error) {
	if len(types) == 0 {
		types = argmap.RelationTypes
	}
	var out []string
	for _, t := range types {
		rt := t.RelType()
		if rt == "" {
			return "", argmap.FieldErrorf(argmap.EINVALID, "types", "There is no relation type %q.", t)
		}
		if s := "`" + string(rt) + "`"; !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "|"), nil
}

// claimLinkTypes is the argument layer: the only relationships ClaimPaths and
// ArgumentTree follow.
var claimLinkTypes = string(argmap.RelTypeSupports) + "|" + string(argmap.RelTypeAttacks)

// pathRecord is one path as the statements return it: node ids and projRel
// relationships, in path order.
type pathRecord struct {
	ids  []string
	rels []any
}

func pathRecords(v any) []pathRecord {
	var out []pathRecord
	for _, x := range v.([]any) {
		m := x.(map[string]any)
		out = append(out, pathRecord{ids: stringList(m["ids"]), rels: m["rels"].([]any)})
	}
	return out
}

// actorPathFrom decodes a path of actor relations and part-of links. A step
// is Forward when the relation (or link) starts at the node the path is at.
func actorPathFrom(p pathRecord) (*argmap.ActorPath, error) {
	ap := &argmap.ActorPath{ActorIDs: p.ids}
	for i, v := range p.rels {
		if l, ok := partOfFrom(v); ok {
			ap.Steps = append(ap.Steps, argmap.PathStep{PartOf: l, Forward: l.PartID == p.ids[i]})
			continue
		}
		rel, ok := relationFrom(v)
		if !ok {
			return nil, fmt.Errorf("explore: a path step is not an actor relation: %v", v)
		}
		ap.Steps = append(ap.Steps, argmap.PathStep{Relation: rel, Forward: rel.From == p.ids[i]})
	}
	return ap, nil
}

// partOfFrom decodes projRel for a PART_OF relationship; ok is false for
// any other type.
func partOfFrom(v any) (*argmap.PartOfLink, bool) {
	m := v.(map[string]any)
	if m["type"] != string(argmap.RelTypePartOf) {
		return nil, false
	}
	return &argmap.PartOfLink{PartID: m["from"].(string), WholeID: m["to"].(string), DocumentID: str(m["props"].(map[string]any), "doc")}, true
}

// fetchPathActors fills in the actors of paths with one statement.
func fetchPathActors(ctx context.Context, tx *txRunner, paths []*argmap.ActorPath) error {
	var ids []string
	for _, p := range paths {
		ids = append(ids, p.ActorIDs...)
	}
	actors, err := objectsOf(ctx, tx, cypherActorsByID, uniqueIDs(ids), actorFrom)
	if err != nil {
		return err
	}
	byID := indexBy(actors, func(a *argmap.Actor) string { return a.ID })
	for _, p := range paths {
		for _, id := range p.ActorIDs {
			p.Actors = append(p.Actors, byID[id])
		}
	}
	return nil
}

// uniqueIDs returns ids without repeats, in first-seen order, so that a
// batch asks for each key once. A set, not a scan of out: batches of
// loader keys can hold thousands of ids.
func uniqueIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// indexBy maps non-nil values by their key.
func indexBy[T any](vs []*T, key func(*T) string) map[string]*T {
	m := make(map[string]*T, len(vs))
	for _, v := range vs {
		if v != nil {
			m[key(v)] = v
		}
	}
	return m
}
