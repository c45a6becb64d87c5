package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

const seedFile = "../../data/seed/syria-anti-isis-gamble.yaml"

// runLoadCmd runs "argmap load args..." against the test database.
func runLoadCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	env := testEnv(t)
	var out, errOut strings.Builder
	err = run(t.Context(), append([]string{"load"}, args...), func(k string) string { return env[k] }, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestLoad(t *testing.T) {
	neo4jtest.MustOpen(t)
	out, errOut, err := runLoadCmd(t, seedFile)
	if err != nil {
		t.Fatalf("load: %v\n%s", err, errOut)
	}
	for _, want := range []string{"loaded in", "Document 1, Claim 43, Actor 29", "SUPPORTS 40", "graph now holds"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if out, _, err = runLoadCmd(t, seedFile); err != nil || !strings.Contains(out, "replaced in") {
		t.Errorf("second load: err %v, output:\n%s", err, out)
	}
	if out, _, err = runLoadCmd(t, "-if-empty", seedFile); err != nil || !strings.Contains(out, "nothing loaded") {
		t.Errorf("load -if-empty on a loaded database: err %v, output:\n%s", err, out)
	}
}

// TestLoad_TamperedFile edits the seed file three ways at once and checks
// that load names each problem and writes nothing.
func TestLoad_TamperedFile(t *testing.T) {
	neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	before := neo4jtest.Fingerprint(t, d)

	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for old, repl := range map[string]string{
		"global stage., start: 72, end: 193}": "global stage., start: 73, end: 194}", // one offset moved
		"  - actor: hts\n":                    "  - actor: hamas\n",                  // an unknown actor (first occurrence)
		"  modality: actual\n":                "  modality: certain\n",               // a bad enum (first occurrence)
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("seed file no longer contains %q: update the test", old)
		}
		s = strings.Replace(s, old, repl, 1)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tampered.yaml"), []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("../../data/seed/syria-anti-isis-gamble.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "syria-anti-isis-gamble.txt"), text, 0o600); err != nil {
		t.Fatal(err)
	}

	_, errOut, err := runLoadCmd(t, filepath.Join(dir, "tampered.yaml"))
	if err == nil {
		t.Fatal("a tampered file was loaded")
	}
	for _, want := range []string{
		"rejected, nothing of it written",
		"3 problem(s)",
		"claim syria-anti-isis-gamble/opportunity-reemerge: quotes[0].exact",
		`unknown actor (expected "the id, name or alias of an actor of this map", found "hamas")`,
		`modality: unknown value (expected "one of actual, potential", found "certain")`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("error output lacks %q:\n%s", want, errOut)
		}
	}
	if after := neo4jtest.Fingerprint(t, d); after != before {
		t.Error("the rejected file changed the graph")
	}
}
