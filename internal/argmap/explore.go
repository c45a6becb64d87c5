package argmap

import "context"

// PathMode chooses which paths a path query returns.
type PathMode string

// Path modes.
const (
	PathShortest PathMode = "SHORTEST" // all shortest paths
	PathAll      PathMode = "ALL"      // all simple paths up to MaxHops, shortest first
)

// PathQuery asks for paths between two actors (or two claims).
type PathQuery struct {
	From, To string
	MaxHops  int            // 1..MaxPathHops
	First    int            // at most this many paths
	Types    []RelationType // actor paths: only these relation types (nil: all of the vocabulary, PART_OF excluded)
	Directed bool           // follow relations only in their direction
	Mode     PathMode
	// ViaPartOf lets actor paths also step along part-of links, either
	// way, even when Directed: a part-of link says who belongs to whom, not
	// who acts on whom. Claim paths ignore it.
	ViaPartOf bool
}

// PathStepKind is what a path step follows.
type PathStepKind string

// Path step kinds.
const (
	PathStepRelation PathStepKind = "RELATION" // an actor relation
	PathStepPartOf   PathStepKind = "PART_OF"  // a part-of link
)

// PathStep is one step of an actor path: a relation, or (paths with
// ViaPartOf) a part-of link; exactly one of Relation and PartOf is set.
// Forward is true when the path traverses the relation from its From actor
// to its To actor, or the link from the part to the whole.
type PathStep struct {
	Relation *Relation
	PartOf   *PartOfLink
	Forward  bool
}

// Kind tells whether the step is a relation or a part-of link.
func (s PathStep) Kind() PathStepKind {
	if s.PartOf != nil {
		return PathStepPartOf
	}
	return PathStepRelation
}

// Ends returns the ids of the actors the step leaves and reaches.
func (s PathStep) Ends() (from, to string) {
	if s.PartOf != nil {
		from, to = s.PartOf.PartID, s.PartOf.WholeID
	} else {
		from, to = s.Relation.From, s.Relation.To
	}
	if !s.Forward {
		from, to = to, from
	}
	return from, to
}

// PartOfLink says that one actor is part of another, as the map of
// DocumentID states it (Actor.PartOf; stored as PART_OF). It carries no
// quotes or evidence claims: the document is its evidence.
type PartOfLink struct {
	PartID, WholeID string
	DocumentID      string
}

// ActorPath is a path through the actor network: ActorIDs has one more
// element than Steps, ActorIDs[0] is the start.
type ActorPath struct {
	ActorIDs []string
	Steps    []PathStep
	// Actors are the actors of ActorIDs, in order, fetched with the path
	// (nil when the store did not fetch them).
	Actors []*Actor
}

// ClaimPathStep is one link of a path through the argument graph.
type ClaimPathStep struct {
	Link    *Link
	Forward bool
}

// ClaimPath is a path through the argument graph (supports and attacks).
type ClaimPath struct {
	ClaimIDs []string
	Steps    []ClaimPathStep
	// Claims are the claims of ClaimIDs, in order, fetched with the path.
	Claims []*Claim
}

// ArgumentNode is one claim of an argument tree, in depth-first order.
// Via is the link from this claim to its parent (nil for the root). Cycle is
// true when the claim already appears on the branch above it: the tree stops
// there instead of looping.
type ArgumentNode struct {
	ClaimID  string
	ParentID string
	Depth    int
	Via      *Link
	Cycle    bool
}

// ArgumentTree is what supports and attacks a claim, recursively.
type ArgumentTree struct {
	RootID string
	Nodes  []ArgumentNode
	// Claims are the claims of the tree, fetched with it, in no order.
	Claims []*Claim
}

// RiskQuery asks for chains of risk and threat relations (see
// RiskRelationTypes) that start at an actor (ActorID), start with a relation
// a claim grounds (ClaimID), or end at an actor (TowardID): exactly one of
// the three.
type RiskQuery struct {
	ActorID  string
	ClaimID  string
	TowardID string
	MaxHops  int // 1..MaxPathHops
	First    int // 1..MaxPageSize
}

// Neighbourhood is the part of the actor network within some hops of an
// actor: the actors and the relations among them, nearest actors first.
// Truncated is true when the store's bounds left out actors or relations.
type Neighbourhood struct {
	ActorIDs  []string
	Relations []*Relation
	Truncated bool
}

// ActorDegree is an actor with its number of relations.
type ActorDegree struct {
	ActorID string
	Degree  int64
}

// SearchKind is what a search hit is.
type SearchKind string

// Search kinds.
const (
	SearchActor    SearchKind = "ACTOR"
	SearchClaim    SearchKind = "CLAIM"
	SearchDocument SearchKind = "DOCUMENT"
)

// SearchHit is one search result with its relevance and the matched text.
type SearchHit struct {
	Kind    SearchKind
	ID      string
	Score   float64
	Snippet string
	// The object found, fetched with the hit: the one of Kind is set, the
	// others are nil. The API shows them as they are (no second read).
	Actor    *Actor
	Claim    *Claim
	Document *Document
}

// ExploreService answers the researcher's graph questions.
type ExploreService interface {
	// ActorPaths returns paths between two actors (over part-of links too
	// with q.ViaPartOf). Errors: NOT_FOUND (an unknown actor, naming "from"
	// or "to"), BAD_USER_INPUT, UNAVAILABLE.
	ActorPaths(ctx context.Context, q PathQuery) ([]*ActorPath, error)
	// ClaimPaths returns paths between two claims over supports and attacks.
	// Errors: NOT_FOUND, BAD_USER_INPUT, UNAVAILABLE.
	ClaimPaths(ctx context.Context, q PathQuery) ([]*ClaimPath, error)
	// ArgumentTree returns the supporters and attackers of a claim,
	// recursively to depth. Errors: NOT_FOUND, UNAVAILABLE.
	ArgumentTree(ctx context.Context, claimID string, depth int) (*ArgumentTree, error)
	// RiskChains returns the maximal chains of risk relations from or
	// toward q's actor (or from q's claim): longest first, then in order of
	// their actor ids, then relation ids. Errors: NOT_FOUND, BAD_USER_INPUT
	// (none or several of actor, claim and toward), UNAVAILABLE.
	RiskChains(ctx context.Context, q RiskQuery) ([]*ActorPath, error)
	// Neighbourhoods returns, per actor, its neighbourhood to depth hops.
	Neighbourhoods(ctx context.Context, actorIDs []string, depth int, types []RelationType) ([]*Neighbourhood, error)
	// MostConnectedActors returns the actors with most relations of the
	// given types (nil: all), most first.
	MostConnectedActors(ctx context.Context, first int, types []RelationType) ([]ActorDegree, error)
	// RelationCounts counts actor relations per type (all types, zeros included).
	RelationCounts(ctx context.Context) ([]Count, error)
	// ActorClaimCounts returns, per actor, how many claims mention it.
	ActorClaimCounts(ctx context.Context, actorIDs []string) ([]int64, error)
	// Search finds actors (by name and alias, folded, and under other
	// spellings of them, ranked below the names matched as typed), claims
	// (by text) and documents (by title and text) through full-text
	// indexes, best first.
	// Errors: BAD_USER_INPUT (an empty query), UNAVAILABLE.
	Search(ctx context.Context, query string, kinds []SearchKind, first int) ([]SearchHit, error)
}
