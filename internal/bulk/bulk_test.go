package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/bulk"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// corpus writes n synthetic map files into a fresh directory and returns
// their paths, in load order.
func corpus(t *testing.T, n int) []string {
	t.Helper()
	return neo4jtest.WriteCorpus(t, t.TempDir(), neo4jtest.Corpus(n, ""))
}

// mustCheck checks files and plans them, failing the test on any error.
func mustCheck(t *testing.T, l *bulk.Loader, files []string) (*bulk.Corpus, *bulk.Plan) {
	t.Helper()
	c, err := l.Check(t.Context(), files)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return c, l.Plan(c)
}

// mustLoad checks, plans and writes files.
func mustLoad(t *testing.T, l *bulk.Loader, files []string) *bulk.Report {
	t.Helper()
	_, p := mustCheck(t, l, files)
	r, err := l.Write(t.Context(), p)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return r
}

// importOneByOne loads files the way argmap load does, one ImportMap each.
func importOneByOne(t *testing.T, db *neo4j.DB, files []string) {
	t.Helper()
	for _, f := range files {
		m, err := mapfile.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportMap(t.Context(), m, nil); err != nil {
			t.Fatalf("ImportMap %s: %v", f, err)
		}
	}
}

// withoutImportFingerprints is the fingerprint of the graph without the
// documents' importSha256, which only bulk loading writes.
func withoutImportFingerprints(t *testing.T) string {
	d := neo4jtest.Driver(t)
	neo4jtest.Run(t, d, "MATCH (d:Document) REMOVE d.importSha256", nil)
	return neo4jtest.Fingerprint(t, d)
}

func count(t *testing.T, cypher string) int64 {
	t.Helper()
	return neo4jtest.Run(t, neo4jtest.Driver(t), cypher, nil)[0].Values[0].(int64)
}

// edit replaces old by repl in the file at path.
func edit(t *testing.T, path, old, repl string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, repl, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
}

// progress records what a load reports, and calls onAdvance (when set)
// after each Advance of the writing phase.
type progress struct {
	mu        sync.Mutex
	phases    []string
	items     map[string]int64
	elements  map[string]int64
	onAdvance func()
}

func newProgress() *progress {
	return &progress{items: map[string]int64{}, elements: map[string]int64{}}
}

func (p *progress) Phase(name string, total, elements int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.phases = append(p.phases, name)
}

func (p *progress) Advance(items, elements int64) {
	p.mu.Lock()
	phase := p.phases[len(p.phases)-1]
	p.items[phase] += items
	p.elements[phase] += elements
	f := p.onAdvance
	p.mu.Unlock()
	if f != nil && phase == "writing" {
		f()
	}
}

func (p *progress) Set(items, elements int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	phase := p.phases[len(p.phases)-1]
	p.items[phase], p.elements[phase] = items, elements
}

// TestLoad: Check, Plan and Write give the graph that importing the same
// files one by one gives, report what they wrote, and a second load skips
// every document and changes nothing.
func TestLoad(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	files := corpus(t, 20)
	importOneByOne(t, db, files)
	want := neo4jtest.Fingerprint(t, d)
	neo4jtest.Reset(t)

	pr := newProgress()
	l := &bulk.Loader{DB: db, Batch: 300, Workers: 3, Progress: pr}
	c, p := mustCheck(t, l, files)
	if c.Files() != 20 || p.Documents != 20 || p.Skipped != 0 || len(p.Batches) < 2 {
		t.Fatalf("plan: %d files, %d documents in %d batches, %d skipped", c.Files(), p.Documents, len(p.Batches), p.Skipped)
	}
	r, err := l.Write(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Loaded != 20 || r.Skipped != 0 || r.Written.Elements() != p.Elements {
		t.Errorf("report: %d loaded, %d skipped, %d elements written; the plan said %d", r.Loaded, r.Skipped, r.Written.Elements(), p.Elements)
	}
	if want := []string{"checking", "writing", "merging actor aliases"}; !slices.Equal(pr.phases, want) {
		t.Errorf("phases %q, want %q", pr.phases, want)
	}
	if pr.items["checking"] != 20 || pr.items["writing"] != 20 || pr.elements["writing"] != p.Elements {
		t.Errorf("progress: %d files checked, %d documents and %d elements written", pr.items["checking"], pr.items["writing"], pr.elements["writing"])
	}
	if n := count(t, "MATCH (d:Document) WHERE d.importSha256 IS NOT NULL RETURN count(d)"); n != 20 {
		t.Errorf("%d documents carry their import fingerprint, want 20", n)
	}
	loaded := neo4jtest.Fingerprint(t, d)
	if got := withoutImportFingerprints(t); got != want {
		t.Error("a bulk load differs from importing the files one by one")
	}

	// Again, on the graph as loaded: everything is skipped.
	neo4jtest.Reset(t)
	mustLoad(t, l, files)
	_, p = mustCheck(t, l, files)
	if p.Documents != 0 || p.Skipped != 20 || len(p.Batches) != 0 {
		t.Errorf("second plan: %d documents in %d batches, %d skipped", p.Documents, len(p.Batches), p.Skipped)
	}
	r, err = l.Write(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Loaded != 0 || r.Skipped != 20 || r.Written.Elements() != 0 {
		t.Errorf("second report: %+v", r)
	}
	if got := neo4jtest.Fingerprint(t, d); got != loaded {
		t.Error("the second load changed the graph")
	}
}

// TestPlan: batches hold whole documents in path order, every document
// once, and a document starts a new batch exactly when it would take a
// non-empty batch over the limit.
func TestPlan(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	files := corpus(t, 12)
	first, _ := mustCheck(t, &bulk.Loader{DB: db}, files)
	// A limit the first two documents reach exactly: they share a batch.
	two := int(first.Elements(0) + first.Elements(1))
	for _, c := range []struct {
		batch   int
		batches int // 0: not checked
	}{{1, 12}, {250, 0}, {two, 0}, {1_000_000, 1}} {
		t.Run(fmt.Sprintf("batch=%d", c.batch), func(t *testing.T) {
			l := &bulk.Loader{DB: db, Batch: c.batch}
			corp, p := mustCheck(t, l, files)
			if c.batches != 0 && len(p.Batches) != c.batches {
				t.Errorf("batch %d: %d batches, want %d", c.batch, len(p.Batches), c.batches)
			}
			if c.batch == two && !slices.Equal(p.Batches[0], []int{0, 1}) {
				t.Errorf("batch %d: the first batch holds %v, want [0 1]", two, p.Batches[0])
			}
			next, sum := 0, int64(0)
			for bi, b := range p.Batches {
				var size int64
				for j, i := range b {
					if i != next {
						t.Fatalf("batch %d holds input %d, want %d (path order, each once)", bi, i, next)
					}
					next++
					n := corp.Elements(i)
					if j > 0 && size+n > int64(c.batch) {
						t.Errorf("batch %d: input %d takes it to %d elements, over %d", bi, i, size+n, c.batch)
					}
					size += n
				}
				sum += size
				if bi+1 < len(p.Batches) {
					if n := corp.Elements(p.Batches[bi+1][0]); size+n <= int64(c.batch) {
						t.Errorf("batch %d ends at %d elements although the next document (%d) fits under %d", bi, size, n, c.batch)
					}
				}
			}
			if next != 12 || p.Documents != 12 || sum != p.Elements {
				t.Errorf("%d inputs in batches, %d documents, %d elements summed, %d planned", next, p.Documents, sum, p.Elements)
			}
		})
	}
}

// TestCheck_Refused: a corpus with problems is refused as a whole, with
// every problem and its file, as BAD_USER_INPUT, and nothing is written.
func TestCheck_Refused(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	files := corpus(t, 6)
	importOneByOne(t, db, files[4:5]) // stored by argmap load: a bulk load never replaces it
	edit(t, files[1], `"role": "premise"`, `"role": "guess"`)
	before := neo4jtest.Fingerprint(t, d)

	_, err := (&bulk.Loader{DB: db}).Check(t.Context(), files)
	var refused *bulk.Refused
	if !errors.As(err, &refused) {
		t.Fatalf("Check = %v, want a *bulk.Refused", err)
	}
	if code := argmap.ErrorCode(err); code != argmap.EINVALID {
		t.Errorf("code %s, want %s", code, argmap.EINVALID)
	}
	var ve *argmap.ValidationError
	if len(refused.Files) != 1 || refused.Files[0].Path != files[1] || !errors.As(refused.Files[0].Err, &ve) {
		t.Errorf("file problems: %+v", refused.Files)
	}
	if len(refused.Conflicts) != 1 || refused.Conflicts[0].Source != files[4] || !strings.Contains(refused.Conflicts[0].Message, "loaded with argmap load") {
		t.Errorf("conflicts: %+v", refused.Conflicts)
	}
	if refused.Len() != 2 || err.Error() != "2 problem(s) in the corpus; nothing written" {
		t.Errorf("%d problems: %q", refused.Len(), err)
	}
	if neo4jtest.Fingerprint(t, d) != before {
		t.Error("the refused corpus changed the graph")
	}
}

// TestCheck_Interrupted: a check whose context has ended stops, as an
// Interrupted *Stopped, before reading anything.
func TestCheck_Interrupted(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	pr := newProgress()
	_, err := (&bulk.Loader{DB: db, Progress: pr}).Check(ctx, corpus(t, 4))
	var s *bulk.Stopped
	if !errors.As(err, &s) || s.Cause != bulk.Interrupted || !s.Checking || !errors.Is(err, context.Canceled) {
		t.Fatalf("Check = %v, want an Interrupted *bulk.Stopped of the check", err)
	}
	if want := "interrupted while checking the files; nothing written"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if pr.items["checking"] != 0 {
		t.Errorf("%d files read after the end of the context", pr.items["checking"])
	}
}

// TestWrite_Interrupted: when the context ends during a write, the batch
// in flight is written whole, Write stops before the next and says how far
// it came, and a second load completes the graph exactly.
func TestWrite_Interrupted(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	files := corpus(t, 8)
	mustLoad(t, &bulk.Loader{DB: db}, files)
	clean := neo4jtest.Fingerprint(t, d)
	neo4jtest.Reset(t)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr := newProgress()
	pr.onAdvance = cancel // Ctrl-C while the first batch is being written
	l := &bulk.Loader{DB: db, Batch: 1, Progress: pr}
	c, err := l.Check(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Write(ctx, l.Plan(c))
	var s *bulk.Stopped
	if !errors.As(err, &s) || s.Cause != bulk.Interrupted || s.Checking || !errors.Is(err, context.Canceled) {
		t.Fatalf("Write = %v, want an Interrupted *bulk.Stopped of the write", err)
	}
	if want := "interrupted after 1 of 8 document(s)"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if s.Loaded != 1 || s.Documents != 8 {
		t.Errorf("stopped after %d of %d documents, want 1 of 8", s.Loaded, s.Documents)
	}
	if n := count(t, "MATCH (d:Document) RETURN count(d)"); n != 1 {
		t.Errorf("%d documents stored, want 1", n)
	}
	if n := count(t, "MATCH (c:Claim) RETURN count(c)"); n != 6 {
		t.Errorf("%d claims stored, want the 6 of the first document", n)
	}

	l.Progress = nil
	r := mustLoad(t, l, files)
	if r.Loaded != 7 || r.Skipped != 1 {
		t.Errorf("resume: %d loaded, %d skipped, want 7 and 1", r.Loaded, r.Skipped)
	}
	if neo4jtest.Fingerprint(t, d) != clean {
		t.Error("the resumed load differs from a clean one")
	}
}

// TestWrite_Stopped: a file that changed since the check, and a document
// stored meanwhile by another writer, stop the load before their batch,
// with the batches before it written and the cause's code.
func TestWrite_Stopped(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	for _, c := range []struct {
		name  string
		cause bulk.Cause
		code  string
		after func(t *testing.T, files []string) // between Check and Write
		want  string
	}{
		{"file changed", bulk.Unreadable, argmap.EINVALID, func(t *testing.T, files []string) {
			edit(t, files[3], `"Synthetic analysis`, `"A revised synthetic analysis`)
		}, "changed while it was being loaded"},
		{"document stored meanwhile", bulk.NotWritten, argmap.ECONFLICT, func(t *testing.T, files []string) {
			importOneByOne(t, db, files[3:4])
		}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			neo4jtest.Reset(t)
			files := corpus(t, 6)
			l := &bulk.Loader{DB: db, Batch: 1}
			_, p := mustCheck(t, l, files)
			c.after(t, files)
			before := count(t, "MATCH (d:Document) RETURN count(d)")
			_, err := l.Write(t.Context(), p)
			var s *bulk.Stopped
			if !errors.As(err, &s) || s.Cause != c.cause {
				t.Fatalf("Write = %v, want a *bulk.Stopped with cause %d", err, c.cause)
			}
			if code := argmap.ErrorCode(err); code != c.code {
				t.Errorf("code %s, want %s (%v)", code, c.code, err)
			}
			if s.Source != files[3] || s.Loaded != 3 || s.Documents != 6 {
				t.Errorf("stopped at %s after %d of %d documents, want %s after 3 of 6", s.Source, s.Loaded, s.Documents, files[3])
			}
			// The message is the researcher's: the cause's message, not
			// the *argmap.Error's code=… text.
			if msg := err.Error(); !strings.Contains(msg, c.want) || !strings.HasPrefix(msg, "stopped after 3 of 6 document(s): the batch starting with "+files[3]) || strings.Contains(msg, "code=") {
				t.Errorf("error %q: want the batch's file, %q, and no code", msg, c.want)
			}
			if n := count(t, "MATCH (d:Document) RETURN count(d)"); n != before+3 {
				t.Errorf("%d documents stored, want %d", n, before+3)
			}
		})
	}
}

// TestMapFiles: a directory stands for its map files below it, sorted by
// path, without manifest.json or other files; a file stands for itself,
// once; a missing path, or arguments without a map file, are
// BAD_USER_INPUT naming them.
func TestMapFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.yaml", "a.json", "sub/c.yml", "sub/a.json", "manifest.json", "notes.txt", "sub/manifest.json"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	extra := filepath.Join(dir, "notes.txt")
	got, err := bulk.MapFiles([]string{dir, filepath.Join(dir, "b.yaml"), extra, dir + "/./a.json"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.json", "b.yaml", "sub/a.json", "sub/c.yml", "notes.txt"}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if !slices.Equal(got, want) {
		t.Errorf("MapFiles = %q\nwant %q", got, want)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nope")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"missing path", []string{dir, missing}, "cannot read " + missing + ": no such file or directory"},
		{"no map file", []string{empty, empty}, "no map file (*.json, *.yaml, *.yml) in " + empty + ", " + empty},
		{"no argument", nil, "no map file (*.json, *.yaml, *.yml) in "},
	} {
		t.Run(c.name, func(t *testing.T) {
			files, err := bulk.MapFiles(c.args)
			if code := argmap.ErrorCode(err); code != argmap.EINVALID || argmap.ErrorMessage(err) != c.want {
				t.Errorf("MapFiles = %q, %v (%s), want %s %q", files, err, code, argmap.EINVALID, c.want)
			}
		})
	}
}
