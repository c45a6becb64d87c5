package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/argmap/argmap/internal/bulk"
	"github.com/argmap/argmap/internal/neo4j"
)

// maxShownProblems caps the problems printed when a corpus is refused.
const maxShownProblems = 50

// runBulk is "argmap bulk": it loads a whole corpus of map files in large
// transactions (package bulk). Every file is read and checked first; if any
// has a problem nothing is written. Documents are then written in batches
// of whole documents, one transaction per batch. A document stored by an
// earlier run from the same file is skipped, so running the same command
// again resumes an interrupted load.
func runBulk(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	m := &bulkMain{stdout: stdout, stderr: stderr, start: time.Now()}
	defer m.Close()
	if err := m.ParseFlags(args, getenv); err != nil {
		return err
	}
	return m.Run(ctx)
}

// bulkConfig is every setting of argmap bulk.
type bulkConfig struct {
	Neo4j          neo4j.Config
	Batch, Workers int
	Wait           time.Duration
	Progress       time.Duration // between progress lines when stderr is not a terminal
	Check          bool          // check only, write nothing
	CPUProfile     string
	Paths          []string // directories and map files
}

// bulkMain is the program of argmap bulk, in the shape of benbjohnson/wtf's
// cmd/wtfd Main: ParseFlags fills Config, Run opens Neo4j and drives the
// bulk package's Check, Plan and Write, printing as they go, and Close
// releases what ParseFlags and Run opened. The work lives in package bulk;
// this only wires and prints.
type bulkMain struct {
	Config         bulkConfig
	stdout, stderr io.Writer
	start          time.Time // the run's start: the times printed count from it

	db      *neo4j.DB
	profile *os.File      // the CPU profile being written
	checked time.Duration // from start until every file was read and validated
}

// ParseFlags parses the command line, with environment variables as the
// defaults of the Neo4j settings, and checks the arguments. With
// -cpuprofile it starts the CPU profile as soon as the flags are parsed, so
// that the profile covers everything after them and a profile that cannot
// be written is reported before any other problem of the arguments.
func (m *bulkMain) ParseFlags(args []string, getenv func(string) string) error {
	c := &m.Config
	fs := flag.NewFlagSet("bulk", flag.ContinueOnError)
	fs.SetOutput(m.stderr)
	fs.Usage = func() {
		fmt.Fprintln(m.stderr, `Usage: argmap bulk [flags] DIR|FILE...

Loads a corpus of map files (docs/map-format.md) into Neo4j in large
transactions (docs/bulk-import.md). A directory stands for every *.json,
*.yaml and *.yml file below it (manifest.json excepted), in path order.
Everything is checked before anything is written. Documents already loaded
from the same file are skipped: run the same command again to resume.
Flags:`)
		fs.PrintDefaults()
	}
	e := &envFlags{fs: fs, getenv: getenv}
	bindNeo4j(e, &c.Neo4j)
	fs.IntVar(&c.Batch, "batch", bulk.DefaultBatch, "graph elements (nodes + relationships) per transaction; a batch holds whole documents")
	fs.IntVar(&c.Workers, "workers", runtime.GOMAXPROCS(0), "files read and validated at once")
	fs.DurationVar(&c.Progress, "progress", 5*time.Second, "how often to print a progress line when stderr is not a terminal")
	fs.BoolVar(&c.Check, "check", false, "read and check everything, write nothing")
	fs.DurationVar(&c.Wait, "wait", 0, "wait this long for Neo4j to answer before giving up")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "write a CPU profile of this process to `file` (for measurements)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			_ = f.Close() // nothing was written; the StartCPUProfile error says why
			return fmt.Errorf("bulk: %w", err)
		}
		m.profile = f
	}
	if len(e.errs) > 0 {
		return e.errs[0]
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("bulk: no directory or map file given")
	}
	if c.Batch < 1 || c.Workers < 1 {
		return errors.New("bulk: -batch and -workers must be at least 1")
	}
	c.Paths = fs.Args()
	return nil
}

// Run loads the corpus named by Config.Paths.
func (m *bulkMain) Run(ctx context.Context) error {
	c := &m.Config
	files, err := bulk.MapFiles(c.Paths)
	if err != nil {
		return fmt.Errorf("bulk: %s", loadErrorText(err))
	}

	m.db, err = neo4j.Open(c.Neo4j, nil)
	if err != nil {
		return err
	}
	if err := waitForNeo4j(ctx, m.db, c.Wait); err != nil {
		return fmt.Errorf("bulk: %s", neo4j.OperatorHint(err))
	}
	if err := m.db.Migrate(ctx); err != nil {
		return fmt.Errorf("bulk: preparing the schema: %s", loadErrorText(err))
	}

	l := &bulk.Loader{DB: m.db, Batch: c.Batch, Workers: c.Workers}
	plan, err := m.check(ctx, l, files)
	if err != nil {
		return err
	}
	if c.Check {
		fmt.Fprintln(m.stdout, "argmap bulk: the corpus is valid; nothing written (-check)")
		return nil
	}
	return m.write(ctx, l, plan)
}

// Close closes the database, then ends the CPU profile. An error closing
// the profile is not reported: the profile is a measurement aid, and the
// exit code says how the load went.
func (m *bulkMain) Close() {
	if m.db != nil {
		m.db.Close(context.Background())
		m.db = nil
	}
	if m.profile != nil {
		pprof.StopCPUProfile()
		if err := m.profile.Close(); err != nil {
			// The load is done (or refused) by now: say the profile is
			// incomplete, without failing what was written.
			fmt.Fprintf(m.stderr, "argmap bulk: writing the CPU profile %s: %v\n", m.Config.CPUProfile, err)
		}
		m.profile = nil
	}
}

// check runs pass 1, Check and Plan, on a progress line of its own, and
// prints what the load will do, or every problem.
func (m *bulkMain) check(ctx context.Context, l *bulk.Loader, files []string) (*bulk.Plan, error) {
	bar := newProgressBar(m.stderr, m.Config.Progress)
	defer bar.stop()
	l.Progress = bar
	began := time.Now()
	corpus, err := l.Check(ctx, files)
	bar.stop()
	var refused *bulk.Refused
	var stopped *bulk.Stopped
	switch {
	case errors.As(err, &stopped):
		fmt.Fprintf(m.stderr, "argmap bulk: %s\n", stopped)
		return nil, errors.New("bulk: interrupted")
	case errors.As(err, &refused):
		var bad []string
		for _, f := range refused.Files {
			bad = append(bad, fmt.Sprintf("%s:\n%s", f.Path, indent(loadErrorText(f.Err))))
		}
		for _, p := range refused.Conflicts {
			bad = append(bad, p.String())
		}
		fmt.Fprintf(m.stderr, "argmap bulk: %d problem(s); nothing written:\n", len(bad))
		for i, b := range bad {
			if i == maxShownProblems {
				fmt.Fprintf(m.stderr, "  … and %d more\n", len(bad)-i)
				break
			}
			fmt.Fprintln(m.stderr, indent(b))
		}
		return nil, fmt.Errorf("bulk: %w", err)
	case err != nil:
		return nil, fmt.Errorf("bulk: reading what is stored: %s", loadErrorText(err))
	}
	plan := l.Plan(corpus)
	m.checked = began.Sub(m.start) + corpus.Reading
	fmt.Fprintf(m.stderr, "argmap bulk: %d file(s) checked in %s: %d document(s) to load (%s elements, %d batch(es)), %d already stored\n",
		corpus.Files(), m.checked.Round(time.Millisecond), plan.Documents, thousands(plan.Elements), len(plan.Batches), plan.Skipped)
	return plan, nil
}

// write runs pass 2 on a progress line of its own and prints the result.
// On Ctrl-C it says that the batch in flight is being finished, and lets a
// second Ctrl-C stop the process at once.
func (m *bulkMain) write(ctx context.Context, l *bulk.Loader, plan *bulk.Plan) error {
	bar := newProgressBar(m.stderr, m.Config.Progress)
	defer bar.stop()
	l.Progress = bar
	finished := make(chan struct{})
	var watching sync.WaitGroup
	watching.Add(1)
	go func() {
		defer watching.Done()
		select {
		case <-ctx.Done():
			fmt.Fprintln(m.stderr, "\nargmap bulk: stopping once the batch in flight is written (Ctrl-C again stops at once; either way, run the same command again to resume)")
			// A second Ctrl-C now takes the default action.
			signal.Reset(os.Interrupt)
		case <-finished:
		}
	}()
	r, err := l.Write(ctx, plan)
	close(finished)
	watching.Wait()
	bar.stop()
	var s *bulk.Stopped
	if errors.As(err, &s) {
		switch s.Cause {
		case bulk.Interrupted:
			fmt.Fprintf(m.stderr, "argmap bulk: interrupted after %d of %d document(s); every document written is complete. Run the same command again to resume.\n", s.Loaded, s.Documents)
			return errors.New("bulk: interrupted")
		case bulk.Unreadable:
			return fmt.Errorf("bulk: %s\n%d document(s) were loaded before; fix the file and run the same command again to go on", loadErrorText(s.Err), s.Loaded)
		case bulk.NotWritten:
			fmt.Fprintf(m.stderr, "argmap bulk: the batch starting with %s was not written:\n%s\n", s.Source, indent(loadErrorText(s.Err)))
			return fmt.Errorf("bulk: stopped after %d of %d document(s); run the same command again to resume", s.Loaded, s.Documents)
		case bulk.NotMerged:
			fmt.Fprintf(m.stderr, "argmap bulk: every document is written, but the actors' aliases are not merged yet:\n%s\n", indent(loadErrorText(s.Err)))
			return errors.New("bulk: run the same command again to finish")
		}
	}
	if err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	elapsed := time.Since(m.start)
	w := r.Written
	fmt.Fprintf(m.stdout, "argmap bulk: %d document(s) loaded, %d skipped: %s nodes and %s relationships in %s (%s elements/s; checking %s, writing %s at %s elements/s (Neo4j statements %s, commits %s), aliases %s)\n",
		r.Loaded, r.Skipped, thousands(w.Nodes), thousands(w.Relationships), elapsed.Round(time.Millisecond),
		thousands(rate(w.Elements(), elapsed)), m.checked.Round(time.Millisecond),
		r.Writing.Round(time.Millisecond), thousands(rate(w.Elements(), r.Writing)),
		w.Statements.Round(time.Millisecond), w.Commit.Round(time.Millisecond), r.Aliases.Round(time.Millisecond))
	return nil
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

// Phase starts a phase of total items (documents, files or actors) and
// elements graph elements (0: not counted). progressBar is the
// bulk.Progress of argmap bulk.
func (b *progressBar) Phase(name string, total, elements int64) {
	b.mu.Lock()
	b.name, b.total, b.elems, b.started = name, total, elements, time.Now()
	b.done.Store(0)
	b.doneEl.Store(0)
	b.mu.Unlock()
}

func (b *progressBar) Advance(items, elements int64) {
	b.done.Add(items)
	b.doneEl.Add(elements)
}

func (b *progressBar) Set(items, elements int64) {
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
