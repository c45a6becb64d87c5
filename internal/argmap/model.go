package argmap

import "time"

// Document is an analysed text: the source of every quote.
type Document struct {
	ID        string
	Title     string
	Published time.Time // a date; the time of day is not used
	Source    string
	Language  string
	Text      string
	SHA256    string // hex SHA-256 of Text, computed by Argmap
}

// Actor is someone the texts name: a state, an armed group, a person, …
// Actors are shared across documents; each document contributes aliases and
// mentions.
type Actor struct {
	ID          string
	Name        string
	Type        ActorType
	Aliases     []string
	Description string
	PartOf      []string // ids of the actors this one is part of
}

// Keys returns the folded name and aliases by which the actor is matched.
func (a *Actor) Keys() []string {
	seen := map[string]bool{}
	var keys []string
	for _, s := range append([]string{a.Name}, a.Aliases...) {
		if k := FoldName(s); k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// Claim is a proposition a text argues, tied to the words it comes from.
type Claim struct {
	ID         string
	DocumentID string
	Text       string
	Role       ClaimRole
	Modality   Modality
	Hedging    Hedging
	HedgeCue   string // the words that carry the hedge ("could", "risks")
	Quotes     []Quote
	Mentions   []Mention
}

// Mention says that a claim is about an actor, in a role, at a quote.
type Mention struct {
	ActorID string
	Role    MentionRole
	Quote   Quote
}

// Link is a support or attack of one claim by another. An undercut attacks
// an inference: TargetLink names the supports link it attacks, and To is
// that link's conclusion.
type Link struct {
	ID         string
	DocumentID string // the document whose map states the link (set when read)
	Type       LinkType
	From       string
	To         string
	Kind       AttackKind // attacks only
	TargetLink string     // undercuts only
	Quote      *Quote     // the connective that signals the link, if any
}

// Relation is an actor-to-actor relation from the controlled vocabulary,
// grounded in claims and quotes.
type Relation struct {
	ID         string
	DocumentID string // the document whose map states the relation (set when read)
	Type       RelationType
	From       string
	To         string
	Modality   RelationModality
	Evidence   []string // claim ids
	Quotes     []Quote
}

// Map is the argument map of one document: what a map file holds and what
// the store imports atomically.
type Map struct {
	Document  Document
	Actors    []MapActor
	Claims    []Claim
	Links     []Link
	Relations []Relation
}

// MapActor is an actor as one document defines it, with the places the
// document names it.
type MapActor struct {
	Actor
	Mentions []Quote
}
