package bulk

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
)

// Report says what Write did.
type Report struct {
	// Loaded is the number of documents written, Skipped the number an
	// earlier run had stored.
	Loaded, Skipped int64
	// Written counts what the batches created and where their time went.
	Written neo4j.BulkWritten
	// Writing is the time the batches took, Aliases the time merging the
	// actors' aliases took.
	Writing, Aliases time.Duration
}

// prepared is a batch read and turned into statement parameters, or the
// error that stopped that.
type prepared struct {
	b     *neo4j.BulkBatch
	first string // the batch's first file
	err   error
}

// Write writes the batches of p, one transaction each, then recomputes the
// aliases and keys of every actor of the corpus in document order (a
// previous, interrupted run may have touched actors that this run's
// batches do not), as importing the maps one by one would leave them.
//
// One goroutine reads and prepares the next batch (Workers files at once,
// each checked against its fingerprint) while the current one is written.
// One transaction at a time: batches share popular actors, whose locks
// concurrent transactions would fight over.
//
// When ctx ends, the batch in flight is still written and Write stops
// before the next: stopping between batches is what keeps every document
// whole. Errors: a *Stopped saying why (Interrupted, Unreadable,
// NotWritten, NotMerged) and how far it came.
func (l *Loader) Write(ctx context.Context, p *Plan) (*Report, error) {
	c := p.corpus
	pr := l.progress()
	pr.Phase("writing", p.Documents, p.Elements)
	prodCtx, cancelProd := context.WithCancel(ctx)
	ready := make(chan prepared, 1)
	// On any return, stop the producer and wait for it, so that no file
	// is read after Write returns.
	defer func() {
		cancelProd()
		for range ready {
		}
	}()
	go func() {
		defer close(ready)
		for _, idx := range p.Batches {
			docs := make([]neo4j.BulkDocument, len(idx))
			errs := make([]error, len(idx))
			forEach(prodCtx, l.workers(), len(idx), func(j int) {
				in := c.Inputs[idx[j]]
				m, fp, err := readMap(in.Source)
				if err == nil && fp != in.Fingerprint {
					err = argmap.Errorf(argmap.EINVALID, "%s changed while it was being loaded", in.Source)
				}
				docs[j], errs[j] = neo4j.BulkDocument{Map: m, Fingerprint: fp}, err
			})
			b := prepared{first: c.Inputs[idx[0]].Source, err: errors.Join(errs...)}
			if prodCtx.Err() != nil {
				return
			}
			if b.err == nil {
				b.b = neo4j.NewBulkBatch(docs)
			}
			select {
			case ready <- b:
			case <-prodCtx.Done():
				return
			}
		}
	}()

	writeStart := time.Now()
	r := &Report{Skipped: p.Skipped}
	stopped := func(cause Cause, source string, err error) *Stopped {
		return &Stopped{Cause: cause, Loaded: r.Loaded, Documents: p.Documents, Source: source, Err: err}
	}
	for b := range ready {
		if err := ctx.Err(); err != nil {
			return nil, stopped(Interrupted, "", err)
		}
		if b.err != nil {
			return nil, stopped(Unreadable, b.first, b.err)
		}
		// The batch in flight is finished even if ctx ends meanwhile.
		w, err := l.DB.WriteBulkBatch(context.WithoutCancel(ctx), b.b)
		if err != nil {
			return nil, stopped(NotWritten, b.first, err)
		}
		r.Written.Add(w)
		r.Loaded += int64(b.b.Documents)
		pr.Advance(int64(b.b.Documents), w.Elements())
	}
	if err := ctx.Err(); err != nil && r.Loaded < p.Documents {
		return nil, stopped(Interrupted, "", err)
	}
	wrote := time.Now()
	r.Writing = wrote.Sub(writeStart)

	ids := corpusActors(c.Inputs)
	pr.Phase("merging actor aliases", int64(len(ids)), 0)
	if err := l.DB.RefreshActorAliases(ctx, ids, aliasChunk, func(done, total int) { pr.Set(int64(done), 0) }); err != nil {
		return nil, stopped(NotMerged, "", err)
	}
	r.Aliases = time.Since(wrote)
	return r, nil
}

// corpusActors returns the ids of every actor the inputs name, sorted.
func corpusActors(inputs []neo4j.BulkInput) []string {
	var ids []string
	for _, in := range inputs {
		for _, a := range in.Actors {
			ids = append(ids, a.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
