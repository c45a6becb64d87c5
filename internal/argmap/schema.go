package argmap

// NodeLabel is a Neo4j node label of the model. Labels reach Cypher only
// through this allowlist, never from input.
type NodeLabel string

// The node labels of the model.
const (
	LabelDocument NodeLabel = "Document"
	LabelClaim    NodeLabel = "Claim"
	LabelActor    NodeLabel = "Actor"
)

// NodeLabels lists every node label of the model, in display order.
var NodeLabels = []NodeLabel{LabelDocument, LabelClaim, LabelActor}

// RelType is a Neo4j relationship type of the model, from an allowlist.
type RelType string

// Structural and argument relationship types.
const (
	RelTypeFrom     RelType = "FROM"     // (:Claim)-[:FROM]->(:Document): where a claim is argued
	RelTypeNames    RelType = "NAMES"    // (:Document)-[:NAMES]->(:Actor): the document's mentions and aliases of an actor
	RelTypePartOf   RelType = "PART_OF"  // (:Actor)-[:PART_OF]->(:Actor)
	RelTypeMentions RelType = "MENTIONS" // (:Claim)-[:MENTIONS]->(:Actor)
	RelTypeSupports RelType = "SUPPORTS" // (:Claim)-[:SUPPORTS]->(:Claim)
	RelTypeAttacks  RelType = "ATTACKS"  // (:Claim)-[:ATTACKS]->(:Claim)
)

// relationRelTypes maps each actor relation to its relationship type. The
// actor "supports" relation is SUPPORTS_ACTOR, so it never mixes with the
// claim-to-claim SUPPORTS of the argument layer.
var relationRelTypes = map[RelationType]RelType{
	RelRiskTo: "RISK_TO", RelThreatens: "THREATENS", RelSupports: "SUPPORTS_ACTOR", RelOpposes: "OPPOSES",
	RelAlliedWith: "ALLIED_WITH", RelHostileTo: "HOSTILE_TO", RelDefectsTo: "DEFECTS_TO",
	RelAbsorbedInto: "ABSORBED_INTO", RelLeads: "LEADS", RelMemberOf: "MEMBER_OF", RelConstrains: "CONSTRAINS",
	RelBalances: "BALANCES", RelCooperatesWith: "COOPERATES_WITH", RelEngagesWith: "ENGAGES_WITH",
	RelInfluences: "INFLUENCES", RelLegitimises: "LEGITIMISES",
}

// RelType returns the Neo4j relationship type of an actor relation.
func (t RelationType) RelType() RelType { return relationRelTypes[t] }

// RelationTypeOf returns the actor relation stored under a relationship type.
func RelationTypeOf(rt RelType) (RelationType, bool) {
	for k, v := range relationRelTypes {
		if v == rt {
			return k, true
		}
	}
	return "", false
}

// RelTypes lists every relationship type of the model, in display order.
var RelTypes = func() []RelType {
	ts := []RelType{RelTypeFrom, RelTypeNames, RelTypePartOf, RelTypeMentions, RelTypeSupports, RelTypeAttacks}
	for _, r := range RelationTypes {
		ts = append(ts, r.RelType())
	}
	return ts
}()
