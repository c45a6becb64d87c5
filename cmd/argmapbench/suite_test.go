package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// TestSuite runs the whole suite, 200 ms per cell, against a real argmap
// serve on the test Neo4j holding the seed map.
func TestSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds argmap and measures for about 15 s")
	}
	db := neo4jtest.MustOpen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	m, err := mapfile.ReadFile("../../data/seed/syria-anti-isis-gamble.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportMap(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "argmap")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/argmap/argmap/cmd/argmap").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := neo4jtest.Config(t)
	outFile := filepath.Join(t.TempDir(), "report.md")
	var stdout, stderr strings.Builder
	// No environment: every setting is given, so nothing can point the
	// suite or the server it starts at another database.
	noEnv := func(string) string { return "" }
	err = run(ctx, []string{
		"-neo4j-uri", cfg.URI, "-neo4j-user", cfg.User, "-neo4j-password", cfg.Password,
		"-bin", bin, "-seed", "", "-duration", "200ms", "-warmup", "50ms", "-concurrency", "1,2", "-out", outFile,
	}, noEnv, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	report := stdout.String()
	file, err := os.ReadFile(outFile)
	if err != nil || string(file) != report {
		t.Errorf("-out differs from stdout (%v)", err)
	}
	for _, want := range []string{
		"scale S (guessed from the document count)",
		"Graph: 73 nodes (Document 1, Claim 43, Actor 29), 237 relationships.",
		"- actor: `syrian-government`",
		"| actor by alias | 2 | 2 |",
		"| aggregates | 2 |",
		"| `argmap serve` RSS < 200 MB under load (VmHWM) |",
		// The alias lookup is served by the keyText TEXT index.
		"| actor by alias | 1 | `MATCH (a:Actor) WHERE a.keyText CONTAINS $name",
		"NodeIndexContainsScan TEXT INDEX a:Actor(keyText)",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, q := range researchQueries(&Probes{}) {
		for _, conc := range []string{"1", "2"} {
			row := "| " + q.Name + " | " + conc + " | "
			i := strings.Index(report, row)
			if i < 0 {
				t.Errorf("no row %q", row)
				continue
			}
			cols := strings.Split(report[i:i+strings.Index(report[i:], "\n")], "|")
			// | query | conc | stmts | p50 | p95 | p99 | req/s | errors | ...
			if errs := strings.TrimSpace(cols[8]); errs != "0" {
				t.Errorf("%s at %s: %s errors", q.Name, conc, errs)
			}
		}
	}
	if t.Failed() {
		t.Logf("report:\n%s", report)
	}
}
