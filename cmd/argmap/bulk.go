package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
)

// defaultBulkBatch is the target number of graph elements per transaction.
// Measured on the M corpus (docs/bulk-import.md): 5,000 to 10,000 elements
// load fastest and cost Neo4j the least CPU; below 2,000 the per-transaction
// cost shows, above 20,000 Neo4j spends more on memory. A batch of 10,000
// commits in about half a second, so Ctrl-C answers quickly and a crash
// redoes little.
const defaultBulkBatch = 10_000

// maxShownProblems caps the problems printed when a corpus is refused.
const maxShownProblems = 50

// runBulk is "argmap bulk": it loads a whole corpus of map files in large
// transactions. Every file is read and checked first; if any has a
// problem nothing is written. Documents are then written in batches of
// whole documents, one transaction per batch. A document stored by an
// earlier run from the same file is skipped, so running the same command
// again resumes an interrupted load.
func runBulk(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	start := time.Now()
	fs := flag.NewFlagSet("bulk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, `Usage: argmap bulk [flags] DIR|FILE...

Loads a corpus of map files (docs/map-format.md) into Neo4j in large
transactions (docs/bulk-import.md). A directory stands for every *.json,
*.yaml and *.yml file below it (manifest.json excepted), in path order.
Everything is checked before anything is written. Documents already loaded
from the same file are skipped: run the same command again to resume.
Flags:`)
		fs.PrintDefaults()
	}
	var cfg neo4j.Config
	var batch, workers int
	var wait, every time.Duration
	var check bool
	var cpuProfile string
	e := &envFlags{fs: fs, getenv: getenv}
	bindNeo4j(e, &cfg)
	fs.IntVar(&batch, "batch", defaultBulkBatch, "graph elements (nodes + relationships) per transaction; a batch holds whole documents")
	fs.IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "files read and validated at once")
	fs.DurationVar(&every, "progress", 5*time.Second, "how often to print a progress line when stderr is not a terminal")
	fs.BoolVar(&check, "check", false, "read and check everything, write nothing")
	fs.DurationVar(&wait, "wait", 0, "wait this long for Neo4j to answer before giving up")
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of this process to `file` (for measurements)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
		defer func() {
			if err := f.Close(); err != nil {
				fmt.Fprintf(stderr, "argmap bulk: writing the CPU profile %s: %v\n", cpuProfile, err)
			}
		}()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if len(e.errs) > 0 {
		return e.errs[0]
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("bulk: no directory or map file given")
	}
	if batch < 1 || workers < 1 {
		return errors.New("bulk: -batch and -workers must be at least 1")
	}
	files, err := mapFiles(fs.Args())
	if err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	if len(files) == 0 {
		return fmt.Errorf("bulk: no map file (*.json, *.yaml, *.yml) in %s", strings.Join(fs.Args(), ", "))
	}

	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if err := waitForNeo4j(ctx, db, wait); err != nil {
		return fmt.Errorf("bulk: %s", neo4j.OperatorHint(err))
	}
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("bulk: preparing the schema: %s", loadErrorText(err))
	}

	bar := newProgressBar(stderr, every)
	defer bar.stop()

	// Pass 1: read and validate every file, keeping what the checks need.
	bar.phase("checking", int64(len(files)), 0)
	inputs := make([]neo4j.BulkInput, len(files))
	fileErrs := make([]error, len(files))
	forEach(ctx, workers, len(files), func(i int) {
		m, fp, err := readBulkMap(files[i])
		if err != nil {
			fileErrs[i] = err
		} else {
			inputs[i] = neo4j.NewBulkInput(files[i], fp, m)
		}
		bar.advance(1, 0)
	})
	if ctx.Err() != nil {
		bar.stop()
		fmt.Fprintln(stderr, "argmap bulk: interrupted while checking the files; nothing written")
		return errors.New("bulk: interrupted")
	}
	checked := time.Now()
	var valid []neo4j.BulkInput
	var bad []string
	for i, err := range fileErrs {
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s:\n%s", files[i], indent(loadErrorText(err))))
		} else {
			valid = append(valid, inputs[i])
		}
	}
	plan, err := db.PlanBulk(ctx, valid)
	if err != nil {
		bar.stop()
		return fmt.Errorf("bulk: reading what is stored: %s", loadErrorText(err))
	}
	for _, p := range plan.Problems {
		bad = append(bad, p.String())
	}
	if len(bad) > 0 {
		bar.stop()
		fmt.Fprintf(stderr, "argmap bulk: %d problem(s); nothing written:\n", len(bad))
		for i, b := range bad {
			if i == maxShownProblems {
				fmt.Fprintf(stderr, "  … and %d more\n", len(bad)-i)
				break
			}
			fmt.Fprintln(stderr, indent(b))
		}
		return fmt.Errorf("bulk: %d problem(s) in the corpus; nothing written", len(bad))
	}

	// Plan the batches: whole documents, in path order, about batch
	// elements each.
	var batches [][]int
	var todo, skipped, totalElements int64
	var size int64
	for i := range valid {
		if plan.Skip[i] {
			skipped++
			continue
		}
		n := plan.Elements(valid, i)
		if len(batches) == 0 || size > 0 && size+n > int64(batch) {
			batches = append(batches, nil)
			size = 0
		}
		batches[len(batches)-1] = append(batches[len(batches)-1], i)
		size += n
		todo++
		totalElements += n
	}
	bar.stop()
	fmt.Fprintf(stderr, "argmap bulk: %d file(s) checked in %s: %d document(s) to load (%s elements, %d batch(es)), %d already stored\n",
		len(files), checked.Sub(start).Round(time.Millisecond), todo, thousands(totalElements), len(batches), skipped)
	if check {
		fmt.Fprintln(stdout, "argmap bulk: the corpus is valid; nothing written (-check)")
		return nil
	}

	// Pass 2: one goroutine reads and prepares the next batch while the
	// current one is written. One transaction at a time: batches share
	// popular actors, whose locks concurrent transactions would fight over.
	bar = newProgressBar(stderr, every)
	defer bar.stop()
	bar.phase("writing", todo, totalElements)
	type prepared struct {
		b     *neo4j.BulkBatch
		first string
		err   error
	}
	prodCtx, cancelProd := context.WithCancel(ctx)
	defer cancelProd()
	ready := make(chan prepared, 1)
	go func() {
		defer close(ready)
		for _, idx := range batches {
			docs := make([]neo4j.BulkDocument, len(idx))
			errs := make([]error, len(idx))
			forEach(prodCtx, workers, len(idx), func(j int) {
				in := valid[idx[j]]
				m, fp, err := readBulkMap(in.Source)
				if err == nil && fp != in.Fingerprint {
					err = argmap.Errorf(argmap.EINVALID, "%s changed while it was being loaded", in.Source)
				}
				docs[j], errs[j] = neo4j.BulkDocument{Map: m, Fingerprint: fp}, err
			})
			p := prepared{first: valid[idx[0]].Source, err: errors.Join(errs...)}
			if prodCtx.Err() != nil {
				return
			}
			if p.err == nil {
				p.b = neo4j.NewBulkBatch(docs)
			}
			select {
			case ready <- p:
			case <-prodCtx.Done():
				return
			}
		}
	}()

	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-ctx.Done():
			fmt.Fprintln(stderr, "\nargmap bulk: stopping once the batch in flight is written (Ctrl-C again stops at once; either way, run the same command again to resume)")
			// A second Ctrl-C now takes the default action.
			signal.Reset(os.Interrupt)
		case <-finished:
		}
	}()
	writeStart := time.Now()
	var written neo4j.BulkWritten
	var loaded int64
	interrupted := false
	for p := range ready {
		if ctx.Err() != nil {
			interrupted = true
			break
		}
		if p.err != nil {
			bar.stop()
			return fmt.Errorf("bulk: %s\n%d document(s) were loaded before; fix the file and run the same command again to go on", loadErrorText(p.err), loaded)
		}
		// The batch in flight is finished even if Ctrl-C comes meanwhile:
		// stopping between batches is what keeps every document whole.
		w, err := db.WriteBulkBatch(context.WithoutCancel(ctx), p.b)
		if err != nil {
			bar.stop()
			fmt.Fprintf(stderr, "argmap bulk: the batch starting with %s was not written:\n%s\n", p.first, indent(loadErrorText(err)))
			return fmt.Errorf("bulk: stopped after %d of %d document(s); run the same command again to resume", loaded, todo)
		}
		written.Add(w)
		loaded += int64(p.b.Documents)
		bar.advance(int64(p.b.Documents), w.Elements())
	}
	if ctx.Err() != nil && loaded < todo {
		interrupted = true
	}
	cancelProd()
	if interrupted {
		bar.stop()
		fmt.Fprintf(stderr, "argmap bulk: interrupted after %d of %d document(s); every document written is complete. Run the same command again to resume.\n", loaded, todo)
		return errors.New("bulk: interrupted")
	}
	wrote := time.Now()

	// Actor aliases and keys in document order, for every actor of the
	// corpus (a previous, interrupted run may have touched actors that this
	// run's batches do not).
	actorIDs := corpusActors(valid)
	bar.phase("merging actor aliases", int64(len(actorIDs)), 0)
	if err := db.RefreshActorAliases(ctx, actorIDs, 500, func(done, total int) { bar.set(int64(done), 0) }); err != nil {
		bar.stop()
		fmt.Fprintf(stderr, "argmap bulk: every document is written, but the actors' aliases are not merged yet:\n%s\n", indent(loadErrorText(err)))
		return errors.New("bulk: run the same command again to finish")
	}
	bar.stop()
	end := time.Now()
	elapsed := end.Sub(start)
	fmt.Fprintf(stdout, "argmap bulk: %d document(s) loaded, %d skipped: %s nodes and %s relationships in %s (%s elements/s; checking %s, writing %s at %s elements/s (Neo4j statements %s, commits %s), aliases %s)\n",
		loaded, skipped, thousands(written.Nodes), thousands(written.Relationships), elapsed.Round(time.Millisecond),
		thousands(rate(written.Elements(), elapsed)), checked.Sub(start).Round(time.Millisecond),
		wrote.Sub(writeStart).Round(time.Millisecond), thousands(rate(written.Elements(), wrote.Sub(writeStart))),
		written.Statements.Round(time.Millisecond), written.Commit.Round(time.Millisecond), end.Sub(wrote).Round(time.Millisecond))
	return nil
}

// mapFiles expands the arguments: a directory stands for every map file
// below it, sorted by path; a file stands for itself.
func mapFiles(args []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", arg, errors.Unwrap(err))
		}
		if !info.IsDir() {
			add(filepath.Clean(arg))
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || d.Name() == "manifest.json" {
				return nil
			}
			switch filepath.Ext(p) {
			case ".json", ".yaml", ".yml":
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("cannot list %s: %w", arg, err)
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return files, nil
}

// readBulkMap reads and validates one map file and returns its import
// fingerprint: the SHA-256 of the map file's bytes followed by the
// document text's SHA-256, so that an edit of either file (the text may
// live in its own file) changes it.
func readBulkMap(path string) (*argmap.Map, string, error) {
	b, err := mapfile.ReadFileLimited(path, mapfile.MaxFileSize)
	if err != nil {
		return nil, "", err
	}
	m, err := mapfile.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	if err := m.Validate(); err != nil {
		return nil, "", err
	}
	h := sha256.New()
	h.Write(b)
	h.Write([]byte("\n" + m.Document.SHA256))
	return m, hex.EncodeToString(h.Sum(nil)), nil
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

func rate(n int64, d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64(float64(n) / d.Seconds())
}

// thousands formats n with thousands separators: 1,215,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// progressBar draws the progress of a phase on w: in place (\r) on a
// terminal, otherwise one line every few seconds.
type progressBar struct {
	w     io.Writer
	tty   bool
	every time.Duration

	mu           sync.Mutex
	name         string
	total, elems int64
	started      time.Time
	done, doneEl atomic.Int64

	quit    chan struct{}
	stopped sync.Once
	wg      sync.WaitGroup
	drawn   bool
}

func newProgressBar(w io.Writer, every time.Duration) *progressBar {
	b := &progressBar{w: w, every: every, quit: make(chan struct{})}
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			b.tty, b.every = true, 200*time.Millisecond
		}
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		t := time.NewTicker(b.every)
		defer t.Stop()
		for {
			select {
			case <-b.quit:
				return
			case <-t.C:
				b.draw()
			}
		}
	}()
	return b
}

// phase starts a phase of total items (documents, files or actors) and
// elements graph elements (0: not counted).
func (b *progressBar) phase(name string, total, elements int64) {
	b.mu.Lock()
	b.name, b.total, b.elems, b.started = name, total, elements, time.Now()
	b.done.Store(0)
	b.doneEl.Store(0)
	b.mu.Unlock()
}

func (b *progressBar) advance(items, elements int64) {
	b.done.Add(items)
	b.doneEl.Add(elements)
}

func (b *progressBar) set(items, elements int64) {
	b.done.Store(items)
	b.doneEl.Store(elements)
}

func (b *progressBar) draw() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.name == "" {
		return
	}
	done, el := b.done.Load(), b.doneEl.Load()
	elapsed := time.Since(b.started)
	line := fmt.Sprintf("%s: %s/%s", b.name, thousands(done), thousands(b.total))
	if b.elems > 0 {
		r := rate(el, elapsed)
		line += fmt.Sprintf(" documents, %s/%s elements, %s elements/s", thousands(el), thousands(b.elems), thousands(r))
		if r > 0 {
			eta := time.Duration(float64(b.elems-el) / float64(r) * float64(time.Second))
			line += ", ETA " + eta.Round(time.Second).String()
		}
	}
	if b.tty {
		fmt.Fprintf(b.w, "\r%s\033[K", line)
		b.drawn = true
	} else {
		fmt.Fprintf(b.w, "argmap bulk: %s\n", line)
	}
}

// stop ends the drawing; on a terminal it ends the line drawn in place. It
// may be called more than once.
func (b *progressBar) stop() {
	b.stopped.Do(func() {
		close(b.quit)
		b.wg.Wait()
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.drawn {
			fmt.Fprintln(b.w)
		}
	})
}
