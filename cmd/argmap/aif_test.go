package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// TestAIFRoundTrip exports the seed map as AIF, empties the database,
// imports the file, and checks that the graph is exactly what it was.
func TestAIFRoundTrip(t *testing.T) {
	neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	if _, errOut, err := runLoadCmd(t, seedFile); err != nil {
		t.Fatalf("load: %v\n%s", err, errOut)
	}
	before := neo4jtest.Fingerprint(t, d)
	env := testEnv(t)
	getenv := func(k string) string { return env[k] }
	file := filepath.Join(t.TempDir(), "seed.aif.json")
	var out, errOut strings.Builder
	if err := run(t.Context(), []string{"export", "-format", "aif", "-documents", "syria-anti-isis-gamble", "-o", file}, getenv, &out, &errOut); err != nil {
		t.Fatalf("export: %v\n%s", err, errOut.String())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"nodes"`, `"edges"`, `"type": "RA"`, `"type": "CA"`, `"argmap"`} {
		if !strings.Contains(strings.ReplaceAll(string(b), `":"`, `": "`), want) {
			t.Errorf("the AIF export lacks %s", want)
		}
	}

	neo4jtest.Reset(t)
	out.Reset()
	errOut.Reset()
	if err := run(t.Context(), []string{"import", file}, getenv, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "43 claims, 46 links, 29 actors, 35 relations") {
		t.Errorf("import summary:\n%s", out.String())
	}
	if after := neo4jtest.Fingerprint(t, d); after != before {
		t.Errorf("the graph after export, wipe and import differs from the loaded seed:\n%s", firstLineDiff(before, after))
	}

	// A hostile file is refused and writes nothing.
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"nodes": [{"nodeID": "1", "text": "x", "type": "I"}], "edges": [{"edgeID": "e", "fromID": "1", "toID": "9"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	errOut.Reset()
	if err := run(t.Context(), []string{"import", bad}, getenv, &out, &errOut); err == nil || !strings.Contains(errOut.String(), "edges[0]") {
		t.Errorf("dangling edge: err %v, output %s", err, errOut.String())
	}
	if after := neo4jtest.Fingerprint(t, d); after != before {
		t.Error("a refused import changed the graph")
	}
}

func firstLineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "- " + x + "\n+ " + y
		}
	}
	return ""
}
