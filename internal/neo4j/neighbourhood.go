package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// Bounds of a neighbourhood, which the API types cannot express themselves.
const (
	// maxNeighbourhoodActors bounds the actors of one neighbourhood (the
	// centre, then ring by ring, most connected first): about what a
	// drawing can show.
	maxNeighbourhoodActors = 100
	// maxNeighbourhoodRelations bounds the relations of one neighbourhood
	// (those of the closest actors first).
	maxNeighbourhoodRelations = 500
)

// neighbourhoodCypher returns the statement for the neighbourhoods of the
// actors $ids to depth over rels (allowlisted): at most $maxActors actors,
// ring by ring (distance from the centre), most connected first within a
// ring, then by id; and at most $maxRels relations among them, those of the
// closest actors first. truncated tells whether either bound cut something.
//
// The rings are walked breadth first, each actor once: the parallel
// relations of a multigraph never multiply the rows (WITH DISTINCT), and
// "not seen" is a test against the actors already kept, which the bound
// keeps short: once a ring fills the bound, the next ring is not fetched.
// Relations are taken actor by actor in rank order, each actor's to the
// actors ranked before it, so the LIMIT stops the walk early instead of
// sorting every relation among hundreds of popular actors.
func neighbourhoodCypher(rels string, depth int) string {
	var rings strings.Builder
	for range depth {
		fmt.Fprintf(&rings, `
  CALL (seen, ring) {
    WITH seen, ring WHERE size(seen) <= $maxActors
    UNWIND ring AS x
    MATCH (x)-[:%[1]s]-(y:Actor) WHERE NOT y IN seen
    WITH DISTINCT y
    ORDER BY COUNT { (y)-[:%[1]s]-() } DESC, y.id
    RETURN collect(y) AS next
  }
  WITH seen + next AS seen, next AS ring`, rels)
	}
	return fmt.Sprintf(`
UNWIND $ids AS id
MATCH (a:Actor {id: id})
CALL (a) {
  WITH [a] AS seen, [a] AS ring%[2]s
  RETURN seen[..$maxActors] AS ns, size(seen) > $maxActors AS cut
}
WITH id, ns, cut, COLLECT {
  UNWIND range(1, size(ns) - 1) AS i
  WITH ns[i] AS x, ns[..i] AS before
  CALL (x, before) {
    MATCH (x)-[r:%[1]s]-(y) WHERE y IN before
    WITH r ORDER BY r.id, type(r)
    RETURN r
  }
  WITH r LIMIT $maxRels + 1
  RETURN %[3]s AS rel
} AS rels
RETURN id, [n IN ns | n.id] AS actors, rels[..$maxRels] AS rels, cut OR size(rels) > $maxRels AS truncated`, rels, rings.String(), projRel)
}

// Neighbourhoods implements argmap.ExploreService in one statement for all
// ids. Each neighbourhood lists the actor first, then the actors within
// depth (1..MaxNeighbourhoodDepth) hops, undirected, over types (nil: every
// actor relation): nearest first, then most connected (relations of those
// types), then by id; and the relations of those types among them: for
// each actor in that order, its relations to the actors before it, in id
// order. Unknown ids give nil. At most maxNeighbourhoodActors actors and
// maxNeighbourhoodRelations relations; Truncated says when they cut.
func (db *DB) Neighbourhoods(ctx context.Context, actorIDs []string, depth int, types []argmap.RelationType) ([]*argmap.Neighbourhood, error) {
	if err := argmap.CheckRange("depth", depth, 1, argmap.MaxNeighbourhoodDepth); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(types)
	if err != nil {
		return nil, err
	}
	out := make([]*argmap.Neighbourhood, len(actorIDs))
	if len(actorIDs) == 0 {
		return out, nil
	}
	cypher := neighbourhoodCypher(rels, depth)
	params := map[string]any{"ids": uniqueIDs(actorIDs), "maxActors": maxNeighbourhoodActors, "maxRels": maxNeighbourhoodRelations}
	byID, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (map[string]*argmap.Neighbourhood, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]*argmap.Neighbourhood, len(recs))
		for _, r := range recs {
			n := &argmap.Neighbourhood{ActorIDs: stringList(r.Values[1]), Relations: []*argmap.Relation{}, Truncated: r.Values[3].(bool)}
			for _, v := range r.Values[2].([]any) {
				if rel, ok := relationFrom(v); ok {
					n.Relations = append(n.Relations, rel)
				}
			}
			byID[r.Values[0].(string)] = n
		}
		return byID, nil
	})
	if err != nil {
		return nil, err
	}
	for i, id := range actorIDs {
		out[i] = byID[id]
	}
	return out, nil
}
