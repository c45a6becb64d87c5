package argmap

import "context"

// ImportSummary reports what an import wrote.
type ImportSummary struct {
	DocumentID string
	// Written counts what the map contributed, by node label and by
	// relationship type.
	Nodes         []Count
	Relationships []Count
	// Replaced is true when the document existed and its map was replaced.
	Replaced bool
}

// Progress receives the stages of a long operation. Calls may repeat when a
// transaction is retried; done never exceeds total.
type Progress func(stage string, done, total int)

// MapService imports and reads whole document maps.
type MapService interface {
	// ImportMap validates m (see Map.Validate) and writes it in one
	// transaction: the document, its actors (shared across documents), claims,
	// links and relations. Importing the same map twice leaves the graph
	// unchanged; importing a changed map of the same document replaces the
	// document's previous map and leaves nothing of it behind.
	// Errors: BAD_USER_INPUT (a *ValidationError listing every problem, or an
	// actor whose name or alias belongs to another stored actor),
	// UNAVAILABLE.
	ImportMap(ctx context.Context, m *Map, progress Progress) (*ImportSummary, error)

	// DocumentMap reads back the map of a document as stored.
	// Errors: NOT_FOUND, UNAVAILABLE.
	DocumentMap(ctx context.Context, documentID string) (*Map, error)

	// DocumentCount returns the number of stored documents.
	DocumentCount(ctx context.Context) (int64, error)
}
