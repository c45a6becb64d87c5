package argmap

import "slices"

// The controlled vocabularies of the model. Map files, the API and the store
// accept only these values; the store derives labels and relationship types
// from them through fixed tables, never from input text.

// ActorType classifies an actor.
type ActorType string

// Actor types.
const (
	ActorState             ActorType = "state"
	ActorGovernment        ActorType = "government"
	ActorArmedGroup        ActorType = "armed_group"
	ActorPoliticalParty    ActorType = "political_party"
	ActorLegislature       ActorType = "legislature"
	ActorPerson            ActorType = "person"
	ActorCoalition         ActorType = "coalition"
	ActorFaction           ActorType = "faction"
	ActorSocialGroup       ActorType = "social_group"
	ActorInternationalBody ActorType = "international_body"
	ActorMilitary          ActorType = "military"
	ActorMovement          ActorType = "movement"
	ActorFamily            ActorType = "family"
	ActorReligiousGroup    ActorType = "religious_group"
)

// ActorTypes lists every actor type.
var ActorTypes = []ActorType{ActorState, ActorGovernment, ActorArmedGroup, ActorPoliticalParty, ActorLegislature,
	ActorPerson, ActorCoalition, ActorFaction, ActorSocialGroup, ActorInternationalBody, ActorMilitary,
	ActorMovement, ActorFamily, ActorReligiousGroup}

// ClaimRole is the part a claim plays in the text's argument.
type ClaimRole string

// Claim roles.
const (
	RoleThesis         ClaimRole = "thesis"
	RolePremise        ClaimRole = "premise"
	RoleConclusion     ClaimRole = "conclusion"
	RoleRecommendation ClaimRole = "recommendation"
	RoleCounterpoint   ClaimRole = "counterpoint"
	RoleEvidence       ClaimRole = "evidence"
	RoleBackground     ClaimRole = "background"
)

// ClaimRoles lists every claim role.
var ClaimRoles = []ClaimRole{RoleThesis, RolePremise, RoleConclusion, RoleRecommendation, RoleCounterpoint, RoleEvidence, RoleBackground}

// Modality is the kind of statement a claim makes.
type Modality string

// Claim modalities.
const (
	ModalityAssertion      Modality = "assertion"
	ModalityRisk           Modality = "risk"
	ModalityOpportunity    Modality = "opportunity"
	ModalityPrediction     Modality = "prediction"
	ModalityRecommendation Modality = "recommendation"
)

// Modalities lists every claim modality.
var Modalities = []Modality{ModalityAssertion, ModalityRisk, ModalityOpportunity, ModalityPrediction, ModalityRecommendation}

// Hedging is how strongly the text commits to a claim: "could", "may" and
// "risks" are not "is".
type Hedging string

// Hedging levels.
const (
	HedgingNone        Hedging = "none"        // stated as fact
	HedgingLikely      Hedging = "likely"      // "is likely to"
	HedgingPossible    Hedging = "possible"    // "could", "may", "risks"
	HedgingConditional Hedging = "conditional" // "if …, could"
	HedgingReported    Hedging = "reported"    // "are said to be"
)

// Hedgings lists every hedging level.
var Hedgings = []Hedging{HedgingNone, HedgingLikely, HedgingPossible, HedgingConditional, HedgingReported}

// MentionRole is the part an actor plays in a claim.
type MentionRole string

// Mention roles.
const (
	MentionAgent       MentionRole = "agent"
	MentionTarget      MentionRole = "target"
	MentionSubject     MentionRole = "subject"
	MentionBeneficiary MentionRole = "beneficiary"
	MentionSource      MentionRole = "source"
	MentionContext     MentionRole = "context"
)

// MentionRoles lists every mention role.
var MentionRoles = []MentionRole{MentionAgent, MentionTarget, MentionSubject, MentionBeneficiary, MentionSource, MentionContext}

// LinkType is the relation of one claim to another.
type LinkType string

// Claim link types.
const (
	LinkSupports LinkType = "supports"
	LinkAttacks  LinkType = "attacks"
)

// LinkTypes lists every claim link type.
var LinkTypes = []LinkType{LinkSupports, LinkAttacks}

// AttackKind says what an attack targets (after AIF and Pollock).
type AttackKind string

// Attack kinds.
const (
	AttackRebut     AttackKind = "rebut"     // attacks the conclusion
	AttackUndercut  AttackKind = "undercut"  // attacks the inference (a supports link)
	AttackUndermine AttackKind = "undermine" // attacks a premise
)

// AttackKinds lists every attack kind.
var AttackKinds = []AttackKind{AttackRebut, AttackUndercut, AttackUndermine}

// RelationType is the controlled vocabulary of actor-to-actor relations.
type RelationType string

// Actor relation types.
const (
	RelRiskTo         RelationType = "risk_to"
	RelThreatens      RelationType = "threatens"
	RelSupports       RelationType = "supports"
	RelOpposes        RelationType = "opposes"
	RelAlliedWith     RelationType = "allied_with"
	RelHostileTo      RelationType = "hostile_to"
	RelDefectsTo      RelationType = "defects_to"
	RelAbsorbedInto   RelationType = "absorbed_into"
	RelLeads          RelationType = "leads"
	RelMemberOf       RelationType = "member_of"
	RelConstrains     RelationType = "constrains"
	RelBalances       RelationType = "balances"
	RelCooperatesWith RelationType = "cooperates_with"
	RelEngagesWith    RelationType = "engages_with"
	RelInfluences     RelationType = "influences"
	RelLegitimises    RelationType = "legitimises"
)

// RelationTypes lists every actor relation type.
var RelationTypes = []RelationType{RelRiskTo, RelThreatens, RelSupports, RelOpposes, RelAlliedWith, RelHostileTo,
	RelDefectsTo, RelAbsorbedInto, RelLeads, RelMemberOf, RelConstrains, RelBalances, RelCooperatesWith,
	RelEngagesWith, RelInfluences, RelLegitimises}

// RiskRelationTypes are the relation types that risk chains follow.
var RiskRelationTypes = []RelationType{RelRiskTo, RelThreatens, RelHostileTo, RelDefectsTo}

// RelationModality says whether a relation holds or may come to hold.
type RelationModality string

// Relation modalities.
const (
	RelationActual    RelationModality = "actual"
	RelationPotential RelationModality = "potential"
)

// RelationModalities lists every relation modality.
var RelationModalities = []RelationModality{RelationActual, RelationPotential}

// valid reports whether v is one of all.
func valid[T ~string](v T, all []T) bool { return slices.Contains(all, v) }

// names renders a vocabulary for error messages.
func names[T ~string](all []T) string {
	s := ""
	for i, v := range all {
		if i > 0 {
			s += ", "
		}
		s += string(v)
	}
	return s
}

// Strings converts vocabulary values to plain strings (for Cypher
// parameters and keys).
func Strings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
