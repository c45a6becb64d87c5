package bulk

import (
	"context"
	"time"

	"github.com/argmap/argmap/internal/neo4j"
)

// Corpus is a checked corpus: every file was read and is a valid map, and
// nothing in it clashes with itself or the database. Only a summary of each
// map is kept, so that the whole corpus is checked before anything is
// written without holding it in memory; Write reads the files again.
type Corpus struct {
	// Inputs summarise the maps, one per file, in path order.
	Inputs []neo4j.BulkInput
	// Reading is the time it took to read and validate the files (the
	// check against the database excepted).
	Reading time.Duration

	plan *neo4j.BulkPlan
}

// Files returns the number of map files checked.
func (c *Corpus) Files() int { return len(c.Inputs) }

// Stored reports whether the document of input i is stored from the same
// file already (an earlier run loaded it): Plan leaves it out.
func (c *Corpus) Stored(i int) bool { return c.plan.Skip[i] }

// Elements returns the graph elements input i creates when loaded: its
// Document node, claims and the actors it is the first to name, and all its
// relationships.
func (c *Corpus) Elements(i int) int64 { return c.plan.Elements(c.Inputs, i) }

// Check reads and validates every file (Workers at once), exactly as
// argmap load does, then checks the corpus, in load order, against itself
// and the database (neo4j.DB.PlanBulk). It writes nothing.
//
// Errors: a *Refused listing every problem (BAD_USER_INPUT); a *Stopped
// (Interrupted, Checking) when ctx ends while the files are read; any other
// error is the database's, reading what is stored (UNAVAILABLE), as
// PlanBulk returns it.
func (l *Loader) Check(ctx context.Context, files []string) (*Corpus, error) {
	start := time.Now()
	p := l.progress()
	p.Phase("checking", int64(len(files)), 0)
	inputs := make([]neo4j.BulkInput, len(files))
	errs := make([]error, len(files))
	forEach(ctx, l.workers(), len(files), func(i int) {
		m, fp, err := readMap(files[i])
		if err != nil {
			errs[i] = err
		} else {
			inputs[i] = neo4j.NewBulkInput(files[i], fp, m)
		}
		p.Advance(1, 0)
	})
	if err := ctx.Err(); err != nil {
		return nil, &Stopped{Cause: Interrupted, Checking: true, Err: err}
	}
	c := &Corpus{Reading: time.Since(start)}
	refused := &Refused{}
	for i, err := range errs {
		if err != nil {
			refused.Files = append(refused.Files, FileError{Path: files[i], Err: err})
		} else {
			c.Inputs = append(c.Inputs, inputs[i])
		}
	}
	plan, err := l.DB.PlanBulk(ctx, c.Inputs)
	if err != nil {
		return nil, err
	}
	refused.Conflicts = plan.Problems
	if refused.Len() > 0 {
		return nil, refused
	}
	c.plan = plan
	return c, nil
}
