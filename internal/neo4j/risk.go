package neo4j

import (
	"context"
	"fmt"

	"github.com/argmap/argmap/internal/argmap"
)

// riskCypher returns the statement for risk chains of 1..hops relations of
// the types rels (allowlisted), directed, repeating no actor. Only maximal
// chains are kept: those that reach hops or cannot go on without coming back
// to an actor on the chain; their prefixes would only repeat them. Longest
// first, then in node-id order.
//
// From an actor ($actor), chains start there. From a claim ($claim), a
// chain's first relation is one the claim is evidence for; it continues from
// that relation's target actor.
func riskCypher(fromClaim bool, rels string, hops int) string {
	start, match := "(s:Actor {id: $actor})", fmt.Sprintf("MATCH p = (s)-[:%s*1..%d]->(z:Actor)", rels, hops)
	if fromClaim {
		start = "(s:Claim {id: $claim})"
		// Relationship type scan: evidence lists have no index, and the
		// risk relation types are a small part of the graph.
		match = fmt.Sprintf(`MATCH (x:Actor)-[r0:%[1]s]->(:Actor) WHERE $claim IN r0.evidence
  MATCH p = (x)-[r0]->()-[:%[1]s*0..%[2]d]->(z:Actor)`, rels, hops-1)
	}
	return fmt.Sprintf(`
OPTIONAL MATCH %[1]s
RETURN s IS NOT NULL AS found, COLLECT {
  %[2]s
  WHERE all(n IN nodes(p) WHERE n:Actor) AND %[3]s
    AND (length(p) = %[4]d OR NOT EXISTS { (z)-[:%[5]s]->(y:Actor) WHERE NOT y IN nodes(p) })
  WITH p ORDER BY length(p) DESC, %[6]s
  LIMIT $first
  RETURN {ids: %[7]s, rels: %[8]s}
} AS paths`, start, match, simplePath, hops, rels, pathOrder, projPathIDs, projPathRels)
}

// RiskChains implements argmap.ExploreService over argmap.RiskRelationTypes:
// maximal chains, longest first (see riskCypher), at most First (1..100),
// of 1..MaxHops (1..MaxPathHops) relations.
func (db *DB) RiskChains(ctx context.Context, q argmap.RiskQuery) ([]*argmap.ActorPath, error) {
	if (q.ActorID == "") == (q.ClaimID == "") {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "actorId", "Give either an actor or a claim to start from, not both.")
	}
	if err := argmap.CheckRange("maxHops", q.MaxHops, 1, argmap.MaxPathHops); err != nil {
		return nil, err
	}
	if err := argmap.CheckRange("first", q.First, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(argmap.RiskRelationTypes)
	if err != nil {
		return nil, err
	}
	fromClaim := q.ClaimID != ""
	cypher := riskCypher(fromClaim, rels, q.MaxHops)
	params := map[string]any{"actor": q.ActorID, "claim": q.ClaimID, "first": q.First}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]*argmap.ActorPath, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		if !recs[0].Values[0].(bool) {
			if fromClaim {
				return nil, notFound(ctx, tx, "claim", "", q.ClaimID)
			}
			return nil, notFound(ctx, tx, "actor", "", q.ActorID)
		}
		var out []*argmap.ActorPath
		for _, p := range pathRecords(recs[0].Values[1]) {
			ap, err := actorPathFrom(p)
			if err != nil {
				return nil, err
			}
			out = append(out, ap)
		}
		return out, fetchPathActors(ctx, tx, out)
	})
}
