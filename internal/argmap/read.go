package argmap

import (
	"context"
	"time"
)

// Page sizes of list fields. Every list the API returns is bounded.
const (
	DefaultPageSize       = 20
	MaxPageSize           = 100
	MaxPathHops           = 6
	MaxTreeDepth          = 6
	MaxNeighbourhoodDepth = 3
)

// CheckRange returns a BAD_USER_INPUT error naming arg when n is outside
// [lo, hi].
func CheckRange(arg string, n, lo, hi int) error {
	if n < lo || n > hi {
		return FieldErrorf(EINVALID, arg, "%s must be between %d and %d (got %d).", arg, lo, hi, n)
	}
	return nil
}

// Page selects a slice of an ordered list: First items after the item with
// cursor After (from a previous page; "" for the first page).
type Page struct {
	First int
	After string
}

// Connection is one page of an ordered list, in the Relay style.
type Connection[T any] struct {
	Edges           []Edge[T]
	TotalCount      int64
	HasNextPage     bool
	HasPreviousPage bool
}

// Edge is one item of a Connection with its opaque cursor.
type Edge[T any] struct {
	Cursor string
	Node   T
}

// DateRange bounds a publication date, both ends inclusive; a nil end is open.
type DateRange struct {
	From *time.Time
	To   *time.Time
}

// Empty reports whether the range bounds nothing.
func (r DateRange) Empty() bool { return r.From == nil && r.To == nil }

// Check returns a BAD_USER_INPUT error naming field when the range ends
// before it starts, which would silently select nothing.
func (r DateRange) Check(field string) error {
	if r.From != nil && r.To != nil && r.From.After(*r.To) {
		return FieldErrorf(EINVALID, field, "%s: from (%s) is after to (%s); both ends are inclusive, so give from on or before to.",
			field, r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))
	}
	return nil
}

// ActorOrder orders actor lists.
type ActorOrder string

// Actor orders.
const (
	ActorOrderName ActorOrder = "NAME" // by name, then id
	ActorOrderID   ActorOrder = "ID"
)

// ActorFilter selects actors. Zero fields select everything.
type ActorFilter struct {
	// Name matches actors any of whose folded names or aliases contains the
	// folded Name ("hayat tahrir" finds HTS); when none does, the actors
	// whose names sound like it ("muhajireen" finds the Muhajirun).
	Name       string
	Types      []ActorType
	DocumentID string // actors the document names
}

// ClaimFilter selects claims. Zero fields select everything.
type ClaimFilter struct {
	DocumentID string
	ActorID    string // claims that mention the actor
	Roles      []ClaimRole
	Modalities []Modality
	Hedgings   []Hedging
	Text       string // case-insensitive substring of the claim text
	Published  DateRange
}

// DocumentFilter selects documents.
type DocumentFilter struct {
	Published DateRange
}

// Direction of a relation or link relative to the node asked about.
type Direction string

// Directions.
const (
	DirectionOut  Direction = "OUT"
	DirectionIn   Direction = "IN"
	DirectionBoth Direction = "BOTH"
)

// RelationFilter selects the relations of an actor.
type RelationFilter struct {
	Direction  Direction
	Types      []RelationType
	Modality   RelationModality // "" for any
	DocumentID string
	Published  DateRange // of the document that states the relation
	First      int
}

// Related holds the objects a read fetched along with its answer.
type Related struct {
	Actors []*Actor
	Claims []*Claim
}

// ReadService answers the read side of the API. Batch methods take many
// keys and answer in one statement, so that nested GraphQL fields never
// issue one query per row. Methods returning slices by key return them in
// key order, with nil (or empty) where a key names nothing.
type ReadService interface {
	// ActorsByID returns the actors with the given ids. Errors: UNAVAILABLE.
	ActorsByID(ctx context.Context, ids []string) ([]*Actor, error)
	// Actors returns a page of actors. Errors: BAD_USER_INPUT (a cursor
	// that is not from this list), UNAVAILABLE.
	Actors(ctx context.Context, filter ActorFilter, order ActorOrder, page Page) (*Connection[*Actor], error)

	// ClaimsByID returns the claims with the given ids, with their quotes and
	// mentions. Errors: UNAVAILABLE.
	ClaimsByID(ctx context.Context, ids []string) ([]*Claim, error)
	// Claims returns a page of claims ordered by document publication date,
	// document and position in the text. Errors: BAD_USER_INPUT (first,
	// after, or filter.published ending before it starts), UNAVAILABLE.
	Claims(ctx context.Context, filter ClaimFilter, page Page) (*Connection[*Claim], error)

	// DocumentsByID returns the documents with the given ids.
	DocumentsByID(ctx context.Context, ids []string) ([]*Document, error)
	// Documents returns a page of documents, oldest first. Errors:
	// BAD_USER_INPUT (first, after, or filter.published ending before it
	// starts), UNAVAILABLE.
	Documents(ctx context.Context, filter DocumentFilter, page Page) (*Connection[*Document], error)

	// DocumentClaimIDs returns, per document, the ids of its first claims in
	// text order.
	DocumentClaimIDs(ctx context.Context, documentIDs []string, first int) ([][]string, error)
	// ActorClaimIDs returns, per actor, the ids of the first claims that
	// mention it (newest document first, then text order).
	ActorClaimIDs(ctx context.Context, actorIDs []string, first int) ([][]string, error)
	// ActorRelations returns, per actor, its relations that pass the filter
	// (at most filter.First per actor), and the actors at their ends and the
	// claims of their evidence, which almost every reader of a relation asks
	// for next: fetched in the same statement, they save a round trip.
	// Errors: BAD_USER_INPUT (first, types, or published ending before it
	// starts), UNAVAILABLE.
	ActorRelations(ctx context.Context, actorIDs []string, filter RelationFilter) ([][]*Relation, *Related, error)
	// ClaimLinks returns, per claim, the support and attack links from and
	// to it.
	ClaimLinks(ctx context.Context, claimIDs []string) ([][]*Link, error)
	// ActorParts returns, per actor, the ids of the actors that are part of it.
	ActorParts(ctx context.Context, actorIDs []string) ([][]string, error)

	// NotFound returns the NOT_FOUND error for an id of the given kind
	// ("actor", "claim", "document") that names nothing. For actors and
	// claims it reads the nearest ids (Error.Suggestions) and says how ids
	// are found, so call it only once an id is known to be missing. Its
	// Field is "id", the argument of the root fields that call it.
	NotFound(ctx context.Context, kind, id string) error
}
