package neo4j_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// exactNames are names and aliases of seed actors, as researchers type
// them: lookups that the exact machinery answers.
var exactNames = []string{"hts", "Hayat Tahrir al-Sham", "muhajirun", "Syrian Democratic Forces", "al-Qaeda", "Daesh"}

// BenchmarkExactLookup measures lookups of actors by their exact names on
// the seed map: Search (all kinds, first 10) and the actors name filter.
// docs/benchmarks.md (issue 10) holds its figures before and after fuzzy
// name matching.
func BenchmarkExactLookup(b *testing.B) {
	db := neo4jtest.MustOpen(b)
	MustImport(b, db, MustSeed(b))
	MustImport(b, db, secondDocument())
	d := neo4jtest.Driver(b)
	neo4jtest.Run(b, d, "CALL db.awaitIndexes(60)", nil)
	ctx := context.Background()
	// Warm up: the first run of a statement plans it.
	for _, n := range exactNames {
		if _, err := db.Search(ctx, n, nil, 10); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Actors(ctx, argmap.ActorFilter{Name: n}, argmap.ActorOrderName, argmap.Page{First: 10}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("search", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			hits, err := db.Search(ctx, exactNames[i%len(exactNames)], nil, 10)
			if err != nil || len(hits) == 0 {
				b.Fatal(exactNames[i%len(exactNames)], err, len(hits))
			}
		}
	})
	b.Run("actors-name", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			conn, err := db.Actors(ctx, argmap.ActorFilter{Name: exactNames[i%len(exactNames)]}, argmap.ActorOrderName, argmap.Page{First: 10})
			if err != nil || len(conn.Edges) == 0 {
				b.Fatal(exactNames[i%len(exactNames)], err)
			}
		}
	})
}

// BenchmarkExactSearchStatement measures what the fuzzy branch of Search's
// statement costs an exact lookup, paired: each iteration runs the
// statement with and without the branch (cut out of the same text), in
// turn, with the parameters Search sent, so that a shared machine's load
// falls on both alike. It reports the median of each and their ratio.
func BenchmarkExactSearchStatement(b *testing.B) {
	db := neo4jtest.MustOpen(b)
	MustImport(b, db, MustSeed(b))
	MustImport(b, db, secondDocument())
	d := neo4jtest.Driver(b)
	neo4jtest.Run(b, d, "CALL db.awaitIndexes(60)", nil)
	type stmt struct {
		cypher string
		params map[string]any
	}
	var with, without []stmt
	for _, n := range exactNames {
		ctx, log := neo4j.WithStatementLog(context.Background())
		if _, err := db.Search(ctx, n, nil, 10); err != nil {
			b.Fatal(err)
		}
		s := log.Statements[0]
		if s.Cypher != neo4j.CypherSearch {
			b.Fatal("Search ran another statement")
		}
		i := strings.Index(s.Cypher, "  UNION ALL\n  WITH $fuzzyQuery")
		j := strings.Index(s.Cypher, "}\nRETURN kind")
		if i < 0 || j < i {
			b.Fatal("no fuzzy branch to cut")
		}
		with = append(with, stmt{s.Cypher, s.Params})
		without = append(without, stmt{strings.Replace(s.Cypher[:i]+s.Cypher[j:], "RETURN kind, id, exact, fuzzy,", "RETURN kind, id, exact,", 1), s.Params})
	}
	run := func(s stmt) time.Duration {
		t0 := time.Now()
		if _, err := driver.ExecuteQuery(context.Background(), d, s.cypher, s.params, driver.EagerResultTransformer); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	for i := range with { // plan both
		run(with[i])
		run(without[i])
	}
	var tw, to []float64
	for i := 0; b.Loop(); i++ {
		k := i % len(with)
		if i%2 == 0 {
			tw = append(tw, float64(run(with[k])))
			to = append(to, float64(run(without[k])))
		} else {
			to = append(to, float64(run(without[k])))
			tw = append(tw, float64(run(with[k])))
		}
	}
	median := func(xs []float64) float64 {
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	mw, mo := median(tw), median(to)
	b.ReportMetric(mw/1e6, "ms-with-fuzzy")
	b.ReportMetric(mo/1e6, "ms-without")
	b.ReportMetric(mw/mo, "ratio")
}
