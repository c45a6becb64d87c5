package argmap

import (
	"context"
	"strconv"
	"time"
)

// DocumentInput creates a document. The server computes the SHA-256.
type DocumentInput struct {
	ID        string
	Title     string
	Published time.Time
	Source    string
	Language  string
	Text      string
}

// ClaimInput adds a claim to a document. Quotes may carry offsets, or only
// their exact words (the server then locates them; an ambiguous or absent
// quote is BAD_USER_INPUT listing what it found).
type ClaimInput struct {
	ID         string // the claim's id local to its document; stored as documentId/id
	DocumentID string
	Text       string
	Role       ClaimRole
	Modality   Modality
	Hedging    Hedging
	HedgeCue   string
	Quotes     []Quote // Start and End Unanchored when not given
}

// LinkInput links two claims. IDs are local to the document of From.
type LinkInput struct {
	ID         string
	Type       LinkType
	From, To   string // claim ids
	Kind       AttackKind
	TargetLink string // undercuts: the supports link id; To is then its conclusion
}

// ActorInput creates an actor.
type ActorInput struct {
	ID          string
	Name        string
	Type        ActorType
	Aliases     []string
	Description string
}

// MergeResult reports what a merge moved.
type MergeResult struct {
	Survivor *Actor
	Moved    int64 // relationships moved to the survivor
}

// WriteService changes the graph. Every method runs in one transaction:
// on any error nothing is written. Client-supplied ids make retries
// idempotent: creating what already exists with the same content returns
// it; with other content it is a CONFLICT.
type WriteService interface {
	// CreateDocument stores a new document. Errors: BAD_USER_INPUT, CONFLICT.
	CreateDocument(ctx context.Context, in DocumentInput) (*Document, error)
	// DeleteDocument removes a document, its claims, the links, mentions
	// and relations its map states, and the actors only it named.
	// Errors: NOT_FOUND.
	DeleteDocument(ctx context.Context, id string) error
	// AddClaim adds a claim with provenance to a document.
	// Errors: BAD_USER_INPUT (naming the field), NOT_FOUND, CONFLICT.
	AddClaim(ctx context.Context, in ClaimInput) (*Claim, error)
	// LinkClaims adds a support or attack between claims of one document.
	// Errors: BAD_USER_INPUT, NOT_FOUND, CONFLICT.
	LinkClaims(ctx context.Context, in LinkInput) (*Link, error)
	// CreateActor stores a new actor. Errors: BAD_USER_INPUT, CONFLICT.
	CreateActor(ctx context.Context, in ActorInput) (*Actor, error)
	// MergeActors moves everything of merged to survivor — aliases,
	// relations, mentions, part-of links, document namings — deletes merged,
	// and makes merged's id resolve to survivor. Errors: BAD_USER_INPUT,
	// NOT_FOUND.
	MergeActors(ctx context.Context, survivorID, mergedID string) (*MergeResult, error)
}

// Validate checks a document input; every problem is reported.
func (in *DocumentInput) Validate() error {
	m := &Map{Document: Document{ID: in.ID, Title: in.Title, Published: in.Published, Source: in.Source, Language: in.Language, Text: in.Text}}
	v := &validator{m: m}
	v.document()
	return v.result("document " + in.ID)
}

// Validate checks the fields of a claim input that need no database: ids,
// vocabularies, lengths. Its quotes are checked against the text by the store.
func (in *ClaimInput) Validate() error {
	v := &validator{m: &Map{}}
	item := "claim " + in.ID
	v.id(item, in.ID, map[string]bool{})
	if in.DocumentID == "" {
		v.add(item, "documentId", "is required")
	}
	v.str(item, "text", in.Text, true)
	v.str(item, "hedgeCue", in.HedgeCue, false)
	enum(v, item, "role", in.Role, ClaimRoles)
	enum(v, item, "modality", in.Modality, Modalities)
	enum(v, item, "hedging", in.Hedging, Hedgings)
	if len(in.Quotes) == 0 {
		v.add(item, "quotes", "a claim needs at least one quote")
	}
	return v.result(item)
}

// Validate checks a link input's vocabulary and shape.
func (in *LinkInput) Validate() error {
	v := &validator{m: &Map{}}
	item := "link " + in.ID
	v.id(item, in.ID, map[string]bool{})
	enum(v, item, "type", in.Type, LinkTypes)
	switch {
	case in.Type == LinkSupports && in.Kind != "":
		v.add(item, "kind", "only attacks have a kind")
	case in.Type == LinkAttacks:
		enum(v, item, "kind", in.Kind, AttackKinds)
	}
	if in.From == "" || (in.To == "" && in.TargetLink == "") {
		v.add(item, "to", "a link needs a from and a to claim")
	}
	if in.From == in.To && in.From != "" {
		v.add(item, "to", "a claim cannot support or attack itself")
	}
	return v.result(item)
}

// Validate checks an actor input.
func (in *ActorInput) Validate() error {
	v := &validator{m: &Map{}}
	item := "actor " + in.ID
	v.id(item, in.ID, map[string]bool{})
	v.str(item, "name", in.Name, true)
	v.str(item, "description", in.Description, false)
	enum(v, item, "type", in.Type, ActorTypes)
	for i, a := range in.Aliases {
		v.str(item, "aliases["+strconv.Itoa(i)+"]", a, true)
	}
	return v.result(item)
}

func (v *validator) result(subject string) error {
	if len(v.list) == 0 {
		return nil
	}
	return &ValidationError{Subject: subject, Problems: v.list}
}

// DocumentPatch changes a document's metadata; nil fields stay. The text
// cannot change: quotes point into it.
type DocumentPatch struct {
	Title     *string
	Published *time.Time
	Source    *string
	Language  *string
}

// ClaimPatch changes a claim; nil fields stay. Quotes cannot change: delete
// and add the claim instead.
type ClaimPatch struct {
	Text     *string
	Role     *ClaimRole
	Modality *Modality
	Hedging  *Hedging
	HedgeCue *string
}

// ActorPatch changes an actor; nil fields stay. Aliases replaces the aliases
// given by hand (the aliases documents contribute stay).
type ActorPatch struct {
	Name        *string
	Type        *ActorType
	Aliases     []string
	Description *string
}

// MentionInput says that a claim names an actor, where, and in what role.
type MentionInput struct {
	ClaimID string
	ActorID string
	Role    MentionRole
	Quote   Quote
}

// RelationInput adds an actor relation stated by a document.
type RelationInput struct {
	ID         string // local to the document; stored as documentId/id
	DocumentID string
	Type       RelationType
	From, To   string
	Modality   RelationModality
	Evidence   []string // claim ids
	Quotes     []Quote
}

// EditService holds the remaining edits of the graph; each method is one
// transaction, as in WriteService.
type EditService interface {
	// UpdateDocument changes metadata. Errors: BAD_USER_INPUT, NOT_FOUND.
	UpdateDocument(ctx context.Context, id string, p DocumentPatch) (*Document, error)
	// UpdateClaim changes a claim. Errors: BAD_USER_INPUT, NOT_FOUND.
	UpdateClaim(ctx context.Context, id string, p ClaimPatch) (*Claim, error)
	// DeleteClaim removes a claim, its links and mentions, the undercuts of
	// its links, and its place in relations' evidence (relations left with
	// no evidence go too). Errors: NOT_FOUND.
	DeleteClaim(ctx context.Context, id string) error
	// UpdateActor changes an actor. Errors: BAD_USER_INPUT, NOT_FOUND.
	UpdateActor(ctx context.Context, id string, p ActorPatch) (*Actor, error)
	// AddMention records that a claim names an actor. Errors:
	// BAD_USER_INPUT, NOT_FOUND.
	AddMention(ctx context.Context, in MentionInput) (*Claim, error)
	// AddRelation adds an actor relation. Errors: BAD_USER_INPUT,
	// NOT_FOUND, CONFLICT.
	AddRelation(ctx context.Context, in RelationInput) (*Relation, error)
}

// Validate checks a claim patch's vocabularies.
func (p *ClaimPatch) Validate() error {
	v := &validator{m: &Map{}}
	if p.Text != nil {
		v.str("claim", "text", *p.Text, true)
	}
	if p.Role != nil {
		enum(v, "claim", "role", *p.Role, ClaimRoles)
	}
	if p.Modality != nil {
		enum(v, "claim", "modality", *p.Modality, Modalities)
	}
	if p.Hedging != nil {
		enum(v, "claim", "hedging", *p.Hedging, Hedgings)
	}
	return v.result("claim")
}

// Validate checks a relation input's shape and vocabularies.
func (in *RelationInput) Validate() error {
	v := &validator{m: &Map{}}
	item := "relation " + in.ID
	v.id(item, in.ID, map[string]bool{})
	enum(v, item, "type", in.Type, RelationTypes)
	enum(v, item, "modality", in.Modality, RelationModalities)
	if in.From == "" || in.To == "" || in.From == in.To {
		v.add(item, "to", "a relation needs two different actors")
	}
	if len(in.Evidence) == 0 {
		v.add(item, "evidence", "a relation needs at least one evidence claim")
	}
	if len(in.Quotes) == 0 {
		v.add(item, "quotes", "a relation needs at least one quote")
	}
	return v.result(item)
}
