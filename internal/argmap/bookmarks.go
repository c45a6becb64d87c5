package argmap

import (
	"context"
	"slices"
	"sync"
)

// Bookmarks carry read-your-writes consistency across API replicas and
// database cluster members. A bookmark is an opaque token naming a point in
// the database's transaction history. A request may bring the bookmarks of
// writes it must see (After); the store then reads only from a database
// member that has applied them. Writes done on behalf of the request add
// their bookmarks (Written), which the API hands back to the client so that
// its next request — to any replica — can bring them.
//
// Within one process the store chains its own transactions anyway; these
// are for what a client carries from one process to another.
type Bookmarks struct {
	after []string

	mu      sync.Mutex
	written []string
}

type bookmarksKey struct{}

// WithBookmarks returns a context whose reads and writes wait for after,
// and whose writes record their bookmarks in the returned set.
func WithBookmarks(ctx context.Context, after []string) (context.Context, *Bookmarks) {
	b := &Bookmarks{after: slices.Clone(after)}
	return context.WithValue(ctx, bookmarksKey{}, b), b
}

// BookmarksFrom returns the bookmark set of ctx, or nil.
func BookmarksFrom(ctx context.Context) *Bookmarks {
	b, _ := ctx.Value(bookmarksKey{}).(*Bookmarks)
	return b
}

// After returns the bookmarks the request must see.
func (b *Bookmarks) After() []string { return b.after }

// AddWritten records the bookmarks of a committed write.
func (b *Bookmarks) AddWritten(values []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range values {
		if !slices.Contains(b.written, v) {
			b.written = append(b.written, v)
		}
	}
}

// Written returns the bookmarks of the writes committed so far.
func (b *Bookmarks) Written() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.written)
}
