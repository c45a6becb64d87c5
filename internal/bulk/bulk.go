// Package bulk loads a corpus of map files into Neo4j in large
// transactions (docs/bulk-import.md). A load has three steps:
//
//   - Check reads and validates every file and checks the corpus against
//     itself and the database; it writes nothing.
//   - Plan packs the documents still to load into batches of whole
//     documents, in path order.
//   - Write writes the batches, one transaction each, then merges the
//     actors' aliases.
//
// A load stopped part way (Ctrl-C, a crash, a lost connection) is resumed by
// running it again: Check recognises the documents an earlier run stored from
// the same file, and Plan leaves them out. The Cypher lives in internal/neo4j
// (bulk.go, bulkplan.go); this package is the pipeline around it. Flags,
// printing and signals stay in cmd/argmap.
package bulk

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/argmap/argmap/internal/neo4j"
)

// DefaultBatch is the target number of graph elements per transaction.
// Measured on the M corpus (docs/bulk-import.md): 5,000 to 10,000 elements
// load fastest and cost Neo4j the least CPU; below 2,000 the per-transaction
// cost shows, above 20,000 Neo4j spends more on memory. A batch of 10,000
// commits in about half a second, so Ctrl-C answers quickly and a crash
// redoes little.
const DefaultBatch = 10_000

// aliasChunk is the number of actors whose aliases one transaction merges.
const aliasChunk = 500

// Loader loads corpora into one database. Its fields are read by each call;
// Progress may be replaced between calls (a command draws each pass on its
// own progress line).
type Loader struct {
	DB *neo4j.DB
	// Batch is the target number of graph elements (nodes and
	// relationships) per transaction; a batch holds whole documents, so a
	// larger document is a batch of its own. 0 means DefaultBatch.
	Batch int
	// Workers is the number of files read and validated at once. 0 means
	// GOMAXPROCS.
	Workers int
	// Progress, when not nil, is told how each step advances.
	Progress Progress
}

// Progress hears how a load advances. A step starts a phase ("checking",
// "writing", "merging actor aliases") of total items (files, documents or
// actors) and, when it counts them, elements graph elements; Advance adds
// to the items and elements done, Set replaces them. Advance is called from
// several goroutines at once.
type Progress interface {
	Phase(name string, total, elements int64)
	Advance(items, elements int64)
	Set(items, elements int64)
}

type noProgress struct{}

func (noProgress) Phase(string, int64, int64) {}
func (noProgress) Advance(int64, int64)       {}
func (noProgress) Set(int64, int64)           {}

func (l *Loader) progress() Progress {
	if l.Progress == nil {
		return noProgress{}
	}
	return l.Progress
}

func (l *Loader) batch() int64 {
	if l.Batch <= 0 {
		return DefaultBatch
	}
	return int64(l.Batch)
}

func (l *Loader) workers() int {
	if l.Workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return l.Workers
}

// forEach calls f(0) … f(n-1) on workers goroutines and returns when all
// calls have returned, or, once ctx ends, without starting more.
func forEach(ctx context.Context, workers, n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
