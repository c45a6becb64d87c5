package synth

import "github.com/argmap/argmap/internal/argmap"

// The English the texts are made of. Vocabulary values always come from
// internal/argmap; these tables only pair them with words.

// verb is a predicate in the third person ("threatens") and in the base
// form that follows a modal ("could threaten").
type verb struct{ third, base string }

// relationVerb is a transitive predicate that states an actor relation:
// "A threatens B" is the relation threatens from A to B.
type relationVerb struct {
	rel  argmap.RelationType
	verb verb
	obj  argmap.MentionRole // the role of B
}

var relationVerbs = []relationVerb{
	{argmap.RelRiskTo, verb{"poses a risk to", "pose a risk to"}, argmap.MentionTarget},
	{argmap.RelThreatens, verb{"threatens", "threaten"}, argmap.MentionTarget},
	{argmap.RelSupports, verb{"backs", "back"}, argmap.MentionBeneficiary},
	{argmap.RelOpposes, verb{"opposes", "oppose"}, argmap.MentionTarget},
	{argmap.RelAlliedWith, verb{"is allied with", "be allied with"}, argmap.MentionContext},
	{argmap.RelHostileTo, verb{"is hostile to", "be hostile to"}, argmap.MentionTarget},
	{argmap.RelDefectsTo, verb{"defects to", "defect to"}, argmap.MentionBeneficiary},
	{argmap.RelAbsorbedInto, verb{"is absorbed into", "be absorbed into"}, argmap.MentionBeneficiary},
	{argmap.RelLeads, verb{"leads", "lead"}, argmap.MentionSubject},
	{argmap.RelMemberOf, verb{"is a member of", "be a member of"}, argmap.MentionContext},
	{argmap.RelConstrains, verb{"constrains", "constrain"}, argmap.MentionTarget},
	{argmap.RelBalances, verb{"balances", "balance"}, argmap.MentionTarget},
	{argmap.RelCooperatesWith, verb{"cooperates with", "cooperate with"}, argmap.MentionContext},
	{argmap.RelEngagesWith, verb{"engages with", "engage with"}, argmap.MentionContext},
	{argmap.RelInfluences, verb{"influences", "influence"}, argmap.MentionTarget},
	{argmap.RelLegitimises, verb{"lends legitimacy to", "lend legitimacy to"}, argmap.MentionBeneficiary},
}

// thirdParty brings a third actor C into "A <verb> B": "with the backing
// of C" is the relation supports from C to A.
type thirdParty struct {
	phrase string
	rel    argmap.RelationType
	toward bool               // the relation goes from C to A (else from A to C)
	role   argmap.MentionRole // the role of C
}

var thirdParties = []thirdParty{
	{"with the backing of", argmap.RelSupports, true, argmap.MentionSource},
	{"despite pressure from", argmap.RelConstrains, true, argmap.MentionContext},
	{"in coordination with", argmap.RelCooperatesWith, false, argmap.MentionAgent},
	{"under the influence of", argmap.RelInfluences, true, argmap.MentionSource},
	{"at the expense of", argmap.RelRiskTo, false, argmap.MentionTarget},
}

// intransitives are predicates about one actor.
var intransitives = []verb{
	{"faces mounting pressure", "face mounting pressure"},
	{"is losing ground", "be losing ground"},
	{"controls the supply routes", "control the supply routes"},
	{"gains influence", "gain influence"},
	{"struggles to hold its ranks together", "struggle to hold its ranks together"},
	{"expands its recruitment", "expand its recruitment"},
	{"seeks international recognition", "seek international recognition"},
	{"consolidates power", "consolidate power"},
	{"splits into rival camps", "split into rival camps"},
	{"loses legitimacy", "lose legitimacy"},
	{"rebuilds its forces", "rebuild its forces"},
	{"depends on foreign funding", "depend on foreign funding"},
}

// In the templates below, {p} is a place name of the document.
var (
	tails = []string{"", "", "", " over the border crossings", " in {p}", " around the oil fields of {p}", " ahead of the elections",
		" during the ceasefire talks", " on security matters", " in the northern provinces", " along the {p} river valley",
		" after the fall of {p}", " this year"}
	conditions = []string{"the ceasefire collapses", "sanctions are lifted", "the elections are postponed", "foreign troops withdraw",
		"the talks in {p} fail", "oil prices fall further", "the border with {p} reopens"}
	elaborations = []string{"This bears directly on the security of {p}.", "Observers in {p} have noted the same trend.",
		"The pattern has held since the last elections.", "Local sources describe the situation as fragile.", "Few expect this to change soon."}
	titles = []string{"Power and risk in {p}", "{p} after the ceasefire", "The struggle over {p}", "Who holds {p}?",
		"{p}: alliances under strain", "The {p} question", "Fault lines in {p}"}
)

// connective is the word that opens a sentence and signals its link.
type connective struct{ word, sep string }

var (
	attackConnectives  = []connective{{"But", " "}, {"Yet", " "}, {"However", ", "}, {"Still", ", "}, {"On the other hand", ", "}}
	supportConnectives = []connective{{"Indeed", ", "}, {"Moreover", ", "}, {"In fact", ", "}, {"Notably", ", "}, {"For instance", ", "}}
)

// stance is a claim's modality and hedging, with how often it occurs.
type stance struct {
	modality argmap.Modality
	hedging  argmap.Hedging
	weight   int
}

var (
	thesisStances = []stance{
		{argmap.ModalityRisk, argmap.HedgingPossible, 4},
		{argmap.ModalityPrediction, argmap.HedgingLikely, 3},
		{argmap.ModalityAssertion, argmap.HedgingNone, 3},
	}
	factStances = []stance{
		{argmap.ModalityAssertion, argmap.HedgingNone, 7},
		{argmap.ModalityAssertion, argmap.HedgingReported, 3},
	}
	argumentStances = []stance{
		{argmap.ModalityAssertion, argmap.HedgingNone, 30},
		{argmap.ModalityRisk, argmap.HedgingPossible, 20},
		{argmap.ModalityPrediction, argmap.HedgingLikely, 15},
		{argmap.ModalityOpportunity, argmap.HedgingPossible, 10},
		{argmap.ModalityRisk, argmap.HedgingConditional, 10},
		{argmap.ModalityAssertion, argmap.HedgingReported, 10},
		{argmap.ModalityPrediction, argmap.HedgingConditional, 5},
	}
	recommendationStances = []stance{{argmap.ModalityRecommendation, argmap.HedgingNone, 1}}
)
