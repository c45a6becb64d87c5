package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	store "github.com/argmap/argmap/internal/neo4j"
)

// fakeReport is a report as a run at concurrency 1 and 8 would leave it.
func fakeReport() *Report {
	p := &Probes{Actor: "hts", ActorName: "Hay'at Tahrir al-Sham", Alias: "HTS", PathFrom: "sdf", PathTo: "muhajirun", PathDistance: 3,
		TreeRoot: "doc/thesis", TreeDepth: 3, SearchTerm: "HTS", ClaimRoles: []string{"PREMISE"}, ClaimMatches: 22, ClaimTotal: 43}
	qs := map[string]Query{}
	for _, q := range researchQueries(p) {
		qs[q.Key] = q
	}
	stmt := []store.LoggedStatement{{Cypher: "MATCH (a:Actor {id: $id})\nRETURN a"}}
	cell := func(conc int, api, raw time.Duration) Cell {
		return Cell{Conc: conc, ServeStatements: 1,
			API: Stats{Requests: 100, P50: api, P95: api, P99: api, Rate: 100},
			Raw: Stats{Requests: 100, P50: raw, P95: raw, P99: raw, Rate: 120}}
	}
	return &Report{
		Scale: "L", Probes: p, Duration: time.Second, TargetConc: 8, MeasuredLatency: true, ServeHWM: 150 << 20,
		Machine: Machine{When: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), CPU: "Test CPU", Cores: 2, Neo4j: "Neo4j Kernel 5.26.0 community",
			Stats: &argmap.GraphStats{Nodes: []argmap.Count{{Kind: "Actor", Count: 5}}}},
		Results: []*QueryResult{
			{Query: qs[keyEgo2], Statements: stmt, Cells: []Cell{cell(1, 10*time.Millisecond, 9*time.Millisecond), cell(8, 40*time.Millisecond, 35*time.Millisecond)},
				Plans: []PlanCheck{{Query: keyEgo2, Statement: 1, Cypher: stmt[0].Cypher, Profiled: true, IndexOps: []string{"NodeUniqueIndexSeek a:Actor(id)"}, DbHits: 2, Rows: 1}}},
			{Query: qs[keySearch], Statements: stmt, Cells: []Cell{cell(8, 35*time.Millisecond, 20*time.Millisecond)},
				Plans: []PlanCheck{{Query: keySearch, Statement: 1, Cypher: "MATCH (a:Actor) WHERE $k IN a.keys", Profiled: true,
					Scans: []string{"NodeByLabelScan a:Actor"}, LookupScans: []string{"NodeByLabelScan a:Actor"}, DbHits: 90}}},
		},
	}
}

func TestVerdicts(t *testing.T) {
	got := map[string]Verdict{}
	for _, v := range fakeReport().Verdicts() {
		got[strings.SplitN(v.Target, ":", 2)[0]] = v
	}
	tests := []struct {
		target      string
		known, met  bool
		figureHasIt string
	}{
		{"ego network depth 2", true, true, "40.00 ms"},
		{"search", true, false, "35.00 ms"},
		{"shortest path", false, false, ""},
		{"claims page with filters", false, false, ""},
		{"API/raw p50 ratio ≤ 1.3 at concurrency 8, every query", true, false, "search 1.75"},
		{"`argmap serve` RSS < 200 MB under load (VmHWM)", true, true, "150.0 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			v, ok := got[tt.target]
			if !ok {
				t.Fatalf("no verdict for %q in %v", tt.target, got)
			}
			if v.Known != tt.known || v.Met != tt.met || !strings.Contains(v.Figure, tt.figureHasIt) {
				t.Errorf("%+v; want known %v, met %v, figure with %q", v, tt.known, tt.met, tt.figureHasIt)
			}
		})
	}
}

func TestTargetConc(t *testing.T) {
	for _, tt := range []struct {
		levels []int
		want   int
	}{{[]int{1, 8, 32}, 8}, {[]int{1, 4, 32}, 4}, {[]int{16, 32}, 16}, {[]int{1}, 1}} {
		if got := targetConc(tt.levels); got != tt.want {
			t.Errorf("targetConc(%v) = %d, want %d", tt.levels, got, tt.want)
		}
	}
}

func TestRender(t *testing.T) {
	r := fakeReport()
	r.Results[1].Cells[0].API.Errors, r.Results[1].Cells[0].API.FirstError = 3, "HTTP 503"
	var b strings.Builder
	r.Render(&b)
	out := b.String()
	for _, want := range []string{
		"## argmapbench, scale L, 2026-01-02 03:04 UTC",
		"Test CPU, 2 cores",
		"| ego network depth 2 | 8 | 1 | 40.00 ms | 40.00 ms | 40.00 ms | 100 | 0 | 35.00 ms |",
		"| search | 8 | 1 | 35.00 ms |",
		"**3 errors** in search, API, concurrency 8; the first: HTTP 503",
		"| search: API p95 < 30 ms at concurrency 8 | 35.00 ms | **missed** |",
		"| ego network depth 2: API p95 < 50 ms at concurrency 8 | 40.00 ms | met |",
		"| shortest path: API p95 < 100 ms at concurrency 8 |  | not measured |",
		"| search | 1 | `MATCH (a:Actor) WHERE $k IN a.keys` |  | NodeByLabelScan a:Actor | **yes** | 90 | 0 |",
		"**Lookups that scan:**",
		"```cypher\nMATCH (a:Actor {id: $id})\nRETURN a\n```",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
}

// writeReport writes what Render writes, and a write that fails (here on
// /dev/full, which answers every write with ENOSPC) fails the run instead
// of leaving a truncated report behind.
func TestWriteReport(t *testing.T) {
	r := fakeReport()
	var want strings.Builder
	r.Render(&want)
	path := filepath.Join(t.TempDir(), "bench.md")
	if err := writeReport(path, r); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != want.String() {
		t.Errorf("the file holds %d bytes (%v), want the %d Render writes", len(got), err, want.Len())
	}
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	if err := writeReport("/dev/full", r); err == nil {
		t.Error("writing the report to /dev/full succeeded, want the write error")
	}
}

func TestStatementLabel(t *testing.T) {
	if got := statementLabel("\n  UNWIND $ids AS id\n  OPTIONAL MATCH (x:Actor {id: id})\n  RETURN x"); got != "UNWIND $ids AS id OPTIONAL MATCH (x:Actor {id: id})" {
		t.Errorf("got %q", got)
	}
	if got := []rune(statementLabel(strings.Repeat("x", 200))); len(got) != 70 || got[69] != '…' {
		t.Errorf("long statements are cut to 70 runes: %q", string(got))
	}
}
