package neo4j

import (
	"context"
	"fmt"

	"github.com/argmap/argmap/internal/argmap"
)

// riskAnchor is what a risk query holds fixed: the actor chains start at,
// the claim whose relations they start with, or the actor they end at.
type riskAnchor int

const (
	riskFromActor riskAnchor = iota
	riskFromClaim
	riskToward
)

// riskCypher returns the statement for risk chains of 1..hops relations of
// the types rels (allowlisted), directed, repeating no actor. Only maximal
// chains are kept: those that reach hops or cannot go on without coming back
// to an actor on the chain; their prefixes would only repeat them. Longest
// first, then in node-id order (start to end), then relation ids.
//
// From an actor ($actor), chains start there and may go on at their end.
// From a claim ($claim), a chain's first relation is one the claim is
// evidence for; it continues from that relation's target actor. Toward an
// actor ($toward), chains end there and may go on back from their start:
// the same walk against the relations' direction, so it is bounded by hops
// in the same way.
func riskCypher(anchor riskAnchor, rels string, hops int) string {
	start, match := "(s:Actor {id: $actor})", fmt.Sprintf("MATCH p = (s)-[:%s*1..%d]->(z:Actor)", rels, hops)
	goOn := fmt.Sprintf("(z)-[:%s]->(y:Actor)", rels)
	switch anchor {
	case riskFromClaim:
		start = "(s:Claim {id: $claim})"
		// Relationship type scan: evidence lists have no index, and the
		// risk relation types are a small part of the graph.
		match = fmt.Sprintf(`MATCH (x:Actor)-[r0:%[1]s]->(:Actor) WHERE $claim IN r0.evidence
  MATCH p = (x)-[r0]->()-[:%[1]s*0..%[2]d]->(z:Actor)`, rels, hops-1)
	case riskToward:
		start = "(s:Actor {id: $toward})"
		match = fmt.Sprintf("MATCH p = (z:Actor)-[:%s*1..%d]->(s)", rels, hops)
		goOn = fmt.Sprintf("(y:Actor)-[:%s]->(z)", rels)
	}
	return fmt.Sprintf(`
OPTIONAL MATCH %[1]s
RETURN s IS NOT NULL AS found, COLLECT {
  %[2]s
  WHERE all(n IN nodes(p) WHERE n:Actor) AND %[3]s
    AND (length(p) = %[4]d OR NOT EXISTS { %[5]s WHERE NOT y IN nodes(p) })
  WITH p ORDER BY length(p) DESC, %[6]s
  LIMIT $first
  RETURN {ids: %[7]s, rels: %[8]s}
} AS paths`, start, match, simplePath, hops, goOn, pathOrder, projPathIDs, projPathRels)
}

// checkRiskQuery validates a risk query; the fields it names are the
// arguments of the API's riskChains.
func checkRiskQuery(q argmap.RiskQuery) error {
	switch {
	case q.ActorID != "" && q.ClaimID != "":
		return argmap.FieldErrorf(argmap.EINVALID, "claim", "Give actor or claim to start the chains from, not both.")
	case q.TowardID != "" && (q.ActorID != "" || q.ClaimID != ""):
		return argmap.FieldErrorf(argmap.EINVALID, "toward",
			"Give toward alone: it asks for every chain that ends at the actor. For the chains from one actor to another, "+
				"ask paths(from: …, to: …, directed: true, mode: ALL, types: [RISK_TO, THREATENS, HOSTILE_TO, DEFECTS_TO]).")
	case q.ActorID == "" && q.ClaimID == "" && q.TowardID == "":
		return argmap.FieldErrorf(argmap.EINVALID, "actor", "Give actor or claim to start the chains from, or toward to end them at.")
	}
	if err := argmap.CheckRange("maxHops", q.MaxHops, 1, argmap.MaxPathHops); err != nil {
		return err
	}
	return argmap.CheckRange("first", q.First, 1, argmap.MaxPageSize)
}

// RiskChains implements argmap.ExploreService over argmap.RiskRelationTypes:
// maximal chains, longest first (see riskCypher), at most First (1..100),
// of 1..MaxHops (1..MaxPathHops) relations, from an actor or a claim or
// toward an actor. Two statements: the chains, then their actors (none
// when there is no chain).
func (db *DB) RiskChains(ctx context.Context, q argmap.RiskQuery) ([]*argmap.ActorPath, error) {
	if err := checkRiskQuery(q); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(argmap.RiskRelationTypes)
	if err != nil {
		return nil, err
	}
	anchor, field, noun, id := riskFromActor, "actor", "actor", q.ActorID
	switch {
	case q.ClaimID != "":
		anchor, field, noun, id = riskFromClaim, "claim", "claim", q.ClaimID
	case q.TowardID != "":
		anchor, field, id = riskToward, "toward", q.TowardID
	}
	cypher := riskCypher(anchor, rels, q.MaxHops)
	params := map[string]any{"actor": q.ActorID, "claim": q.ClaimID, "toward": q.TowardID, "first": q.First}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]*argmap.ActorPath, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		if !recs[0].Values[0].(bool) {
			return nil, notFound(ctx, tx, noun, field, id)
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
