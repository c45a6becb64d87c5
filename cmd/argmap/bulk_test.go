package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/bulk"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// bulkDir writes a corpus of n synthetic map files plus the seed map (in a
// subdirectory, with its text file) and a manifest.json that is not a map,
// and returns the directory.
func bulkDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	neo4jtest.WriteCorpus(t, dir, neo4jtest.Corpus(n, ""))
	seed := filepath.Join(dir, "seed")
	if err := os.Mkdir(seed, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"syria-anti-isis-gamble.yaml", "syria-anti-isis-gamble.txt"} {
		b, err := os.ReadFile(filepath.Join("../../data/seed", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(seed, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"not": "a map"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runBulkCmd runs "argmap bulk args..." in-process against the test database.
func runBulkCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	env := testEnv(t)
	var out, errOut strings.Builder
	// A busy machine may take more than the test environment's 1 s to
	// open a connection.
	err = run(t.Context(), append([]string{"bulk", "-wait", "30s"}, args...), func(k string) string { return env[k] }, &out, &errOut)
	return out.String(), errOut.String(), err
}

// graphWithoutImportFingerprints is the fingerprint of the graph without
// the documents' importSha256, which only argmap bulk writes.
func graphWithoutImportFingerprints(t *testing.T) string {
	d := neo4jtest.Driver(t)
	neo4jtest.Run(t, d, "MATCH (d:Document) REMOVE d.importSha256", nil)
	return neo4jtest.Fingerprint(t, d)
}

// TestBulk loads a directory with argmap bulk, compares the graph with the
// one argmap load gives for the same files one by one, and runs the load
// again: everything is skipped and nothing changes.
func TestBulk(t *testing.T) {
	neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	dir := bulkDir(t, 20)
	files, err := bulk.MapFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 21 || !strings.HasSuffix(files[20], "syria-anti-isis-gamble.yaml") {
		t.Fatalf("map files of the directory: %q", files)
	}
	if _, errOut, err := runLoadCmd(t, files...); err != nil {
		t.Fatalf("load: %v\n%s", err, errOut)
	}
	loaded := neo4jtest.Fingerprint(t, d)
	neo4jtest.Reset(t)

	out, errOut, err := runBulkCmd(t, "-batch", "300", dir)
	if err != nil {
		t.Fatalf("bulk: %v\n%s", err, errOut)
	}
	t.Logf("stdout: %sstderr:\n%s", out, errOut)
	if !regexp.MustCompile(`^argmap bulk: 21 document\(s\) loaded, 0 skipped: [\d,]+ nodes and [\d,]+ relationships in \S+ \([\d,]+ elements/s; `).MatchString(out) {
		t.Errorf("final line: %q", out)
	}
	bulked := neo4jtest.Fingerprint(t, d)
	if got := graphWithoutImportFingerprints(t); got != loaded {
		t.Errorf("argmap bulk differs from argmap load one file at a time:\n%s", firstLineDiff(loaded, got))
	}

	// Again: a no-op. (The fingerprints removed above come back first.)
	neo4jtest.Reset(t)
	if _, errOut, err := runBulkCmd(t, dir); err != nil {
		t.Fatalf("bulk: %v\n%s", err, errOut)
	}
	out, errOut, err = runBulkCmd(t, dir)
	if err != nil {
		t.Fatalf("bulk again: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "0 document(s) loaded, 21 skipped: 0 nodes and 0 relationships") {
		t.Errorf("second run: %q", out)
	}
	if got := neo4jtest.Fingerprint(t, d); got != bulked {
		t.Errorf("the second run changed the graph:\n%s", firstLineDiff(bulked, got))
	}
}

// TestBulk_Refused: a corpus with a problem is refused as a whole, every
// problem is named with its file, and the graph is left as it was.
func TestBulk_Refused(t *testing.T) {
	neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	edit := func(t *testing.T, path, old, repl string) {
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
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string
	}{
		{"invalid file", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "0003.json"), `"role": "premise"`, `"role": "guess"`)
			edit(t, filepath.Join(dir, "0005.json"), `"version": 1`, `"version": 7`)
		}, []string{
			"argmap bulk: 2 problem(s); nothing written",
			"0003.json:\n    map of document \"doc-996\": 1 problem(s)\n      - claim doc-996/c0: role: unknown value",
			"0005.json:\n    the map file has version 7",
		}},
		{"alias clash across files", func(t *testing.T, dir string) {
			// actor-5 is new in 0002.json; "Actor 0" is the name of actor-0 of 0000.json.
			edit(t, filepath.Join(dir, "0002.json"), `"Actor 5 alias 2"`, `"Actor 5 alias 2", "Actor 0"`)
		}, []string{
			`0002.json: actor actor-5: the name or alias ["actor 0"] belongs to the actor actor-0 of `,
			"0000.json: use that id, or rename",
		}},
		{"stored from another version", func(t *testing.T, dir string) {
			if _, errOut, err := runBulkCmd(t, dir); err != nil {
				t.Fatalf("bulk: %v\n%s", err, errOut)
			}
			edit(t, filepath.Join(dir, "0002.json"), `"Synthetic analysis 2"`, `"Synthetic analysis 2, revised"`)
		}, []string{
			"0002.json: document doc-997: is stored already (bulk-loaded from a different version of this file); a bulk load never replaces a document: use argmap load to replace it",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			neo4jtest.Reset(t)
			dir := bulkDir(t, 8)
			c.setup(t, dir)
			before := neo4jtest.Fingerprint(t, d)
			_, errOut, err := runBulkCmd(t, dir)
			if err == nil {
				t.Fatal("the corpus was loaded")
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("error output lacks %q:\n%s", w, errOut)
				}
			}
			if after := neo4jtest.Fingerprint(t, d); after != before {
				t.Error("the refused corpus changed the graph")
			}
		})
	}
}

// TestBulk_Arguments: arguments that cannot be loaded are refused before
// Neo4j is asked anything, each with its own message; a CPU profile that
// cannot be written is reported before the other problems.
func TestBulk_Arguments(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	for _, c := range []struct {
		name  string
		args  []string
		err   string
		usage bool // the usage text is printed
	}{
		{"nothing to load", nil, "bulk: no directory or map file given", true},
		{"batch 0", []string{"-batch", "0", dir}, "bulk: -batch and -workers must be at least 1", false},
		{"workers 0", []string{"-workers", "0", dir}, "bulk: -batch and -workers must be at least 1", false},
		{"missing path", []string{dir, missing}, "bulk: cannot read " + missing + ": no such file or directory", false},
		{"no map file", []string{dir, dir}, "bulk: no map file (*.json, *.yaml, *.yml) in " + dir + ", " + dir, false},
		{"profile not writable", []string{"-cpuprofile", filepath.Join(missing, "cpu.prof")}, "bulk: open " + filepath.Join(missing, "cpu.prof") + ": no such file or directory", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, err := runBulkCmd(t, c.args...)
			if err == nil || err.Error() != c.err {
				t.Errorf("error %v, want %q", err, c.err)
			}
			if got := strings.Contains(errOut, "Usage: argmap bulk"); got != c.usage {
				t.Errorf("usage printed: %v, want %v:\n%s", got, c.usage, errOut)
			}
		})
	}
}

// TestBulk_CrashAndResume kills the argmap process (SIGKILL) in the middle
// of a bulk load. No document may be half-written, and running the same
// command again must give exactly the graph of a clean load.
func TestBulk_CrashAndResume(t *testing.T) {
	neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	const n = 60
	dir := bulkDir(t, n-1)
	if _, errOut, err := runBulkCmd(t, dir); err != nil {
		t.Fatalf("clean load: %v\n%s", err, errOut)
	}
	clean := neo4jtest.Fingerprint(t, d)
	neo4jtest.Reset(t)

	bin := filepath.Join(t.TempDir(), "argmap")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := os.Environ()
	for k, v := range testEnv(t) {
		env = append(env, k+"="+v)
	}
	// One document per transaction, and a progress line every 10 ms.
	cmd := exec.Command(bin, "bulk", "-wait", "30s", "-batch", "1", "-progress", "10ms", dir)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	progress := regexp.MustCompile(`writing: (\d+)/(\d+) documents`)
	killedAt := -1
	var lines []string
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if m := progress.FindStringSubmatch(sc.Text()); m != nil && killedAt < 0 {
				if done, _ := strconv.Atoi(m[1]); done >= 3 {
					killedAt = done
					_ = cmd.Process.Signal(syscall.SIGKILL)
				}
			}
		}
	}()
	wg.Wait()
	err = cmd.Wait()
	if killedAt < 0 {
		t.Fatalf("the load was not killed (exit %v); stderr:\n%s", err, strings.Join(lines, "\n"))
	}
	stored := neo4jtest.Run(t, d, "MATCH (d:Document) RETURN count(d)", nil)[0].Values[0].(int64)
	t.Logf("killed after the progress line said %d documents; %d stored", killedAt, stored)
	if stored < int64(killedAt) || stored >= n {
		t.Fatalf("%d documents stored after the kill, want between %d and %d", stored, killedAt, n-1)
	}
	// Every stored document is whole: all its claims (6 per synthetic map,
	// 43 in the seed), names and the relationships of its claims.
	for _, r := range neo4jtest.Run(t, d, `MATCH (d:Document)
OPTIONAL MATCH (c:Claim)-[:FROM]->(d)
WITH d, count(c) AS claims
RETURN d.id AS id, claims, COUNT { (d)-[:NAMES]->() } AS names,
       COUNT { ()-[r:SUPPORTS|ATTACKS]->() WHERE r.doc = d.id } AS links`, nil) {
		id, _ := r.Get("id")
		claims, _ := r.Get("claims")
		names, _ := r.Get("names")
		links, _ := r.Get("links")
		if id != "syria-anti-isis-gamble" && (claims != int64(6) || names.(int64) < 3 || links != int64(4)) {
			t.Errorf("document %s is half-written: %d claims, %d names, %d links", id, claims, names, links)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	resume := exec.CommandContext(ctx, bin, "bulk", "-wait", "30s", "-batch", "1", dir)
	resume.Env = env
	out, err := resume.CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	if want := fmt.Sprintf("%d document(s) loaded, %d skipped", n-stored, stored); !strings.Contains(string(out), want) {
		t.Errorf("resume output lacks %q:\n%s", want, out)
	}
	if got := neo4jtest.Fingerprint(t, d); got != clean {
		t.Errorf("the resumed load differs from a clean one:\n%s", firstLineDiff(clean, got))
	}
}

// TestBulk_Interrupted cancels the run's context (what Ctrl-C does) in the
// middle of the load: the batch in flight is finished, the run says how to
// resume, and the same command then completes the load.
func TestBulk_Interrupted(t *testing.T) {
	neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	dir := bulkDir(t, 39)
	env := testEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"bulk", "-wait", "30s", "-batch", "1", "-progress", "10ms", dir}, func(k string) string { return env[k] }, &strings.Builder{}, stderr)
	}()
	progress := regexp.MustCompile(`writing: ([1-9]\d*)/40 documents`)
	var err error
wait:
	for {
		select {
		case err = <-done:
			break wait
		case <-time.After(5 * time.Millisecond):
			if progress.MatchString(stderr.String()) {
				cancel()
				err = <-done
				break wait
			}
		}
	}
	if err == nil || !strings.Contains(stderr.String(), "Run the same command again to resume") {
		t.Fatalf("run returned %v after the interruption; stderr:\n%s", err, stderr)
	}
	stored := neo4jtest.Run(t, d, "MATCH (d:Document) RETURN count(d)", nil)[0].Values[0].(int64)
	half := neo4jtest.Run(t, d, "MATCH (d:Document) WHERE d.id <> 'syria-anti-isis-gamble' AND COUNT { (:Claim)-[:FROM]->(d) } <> 6 RETURN count(d)", nil)[0].Values[0].(int64)
	t.Logf("%d documents stored when interrupted", stored)
	if stored == 0 || stored == 40 || half != 0 {
		t.Errorf("%d documents stored, %d of them half-written", stored, half)
	}
	out, errOut, err := runBulkCmd(t, dir)
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, errOut)
	}
	if want := fmt.Sprintf("%d document(s) loaded, %d skipped", 40-stored, stored); !strings.Contains(out, want) {
		t.Errorf("resume: %q, want %q", out, want)
	}
}
