package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// mostConnectedCypher ranks actors by their number of relations of the
// types rels (allowlisted), both directions. COUNT over a single relationship
// pattern is read from each node's degree, without visiting relationships.
// Actors without such relations are left out.
func mostConnectedCypher(rels string) string {
	return fmt.Sprintf(`
MATCH (a:Actor)
WITH a.id AS id, COUNT { (a)-[:%s]-() } AS degree
WHERE degree > 0
RETURN id, degree
ORDER BY degree DESC, id
LIMIT $first`, rels)
}

// MostConnectedActors implements argmap.ExploreService: at most first
// (1..MaxPageSize) actors with at least one relation of the types, most
// relations first, ties in id order.
func (db *DB) MostConnectedActors(ctx context.Context, first int, types []argmap.RelationType) ([]argmap.ActorDegree, error) {
	if err := argmap.CheckRange("first", first, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(types)
	if err != nil {
		return nil, err
	}
	cypher := mostConnectedCypher(rels)
	params := map[string]any{"first": first}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]argmap.ActorDegree, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		out := make([]argmap.ActorDegree, 0, len(recs))
		for _, r := range recs {
			out = append(out, argmap.ActorDegree{ActorID: r.Values[0].(string), Degree: r.Values[1].(int64)})
		}
		return out, nil
	})
}

// relationCountsCypher counts each actor relation type in one statement.
// Written as COUNT { ()-[:T]->() }, each count is read from Neo4j's count
// store instead of scanning relationships.
var relationCountsCypher = func() string {
	var counts []string
	for _, t := range argmap.RelationTypes {
		counts = append(counts, fmt.Sprintf("COUNT { ()-[:`%s`]->() }", t.RelType()))
	}
	return "RETURN [" + strings.Join(counts, ", ") + "] AS counts"
}()

// RelationCounts implements argmap.ExploreService: one Count per actor
// relation type, in vocabulary order, zeros included. Count.Kind is the
// vocabulary value ("risk_to"), not the relationship type.
func (db *DB) RelationCounts(ctx context.Context) ([]argmap.Count, error) {
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]argmap.Count, error) {
		recs, err := tx.run(ctx, relationCountsCypher, nil)
		if err != nil {
			return nil, err
		}
		counts := recs[0].Values[0].([]any)
		out := make([]argmap.Count, len(argmap.RelationTypes))
		for i, t := range argmap.RelationTypes {
			out[i] = argmap.Count{Kind: string(t), Count: counts[i].(int64)}
		}
		return out, nil
	})
}

// cypherActorClaimCounts counts, per actor, the distinct claims that
// mention it (a claim may mention an actor in several places and roles).
const cypherActorClaimCounts = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Actor {id: id})<-[:MENTIONS]-(c:Claim)
  RETURN count(DISTINCT c) AS claims
}
RETURN id, claims`

// ActorClaimCounts implements argmap.ExploreService in one statement for all
// ids, in key order; an unknown actor counts 0.
func (db *DB) ActorClaimCounts(ctx context.Context, actorIDs []string) ([]int64, error) {
	out := make([]int64, len(actorIDs))
	if len(actorIDs) == 0 {
		return out, nil
	}
	params := map[string]any{"ids": uniqueIDs(actorIDs)}
	byID, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (map[string]int64, error) {
		recs, err := tx.run(ctx, cypherActorClaimCounts, params)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]int64, len(recs))
		for _, r := range recs {
			byID[r.Values[0].(string)] = r.Values[1].(int64)
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
