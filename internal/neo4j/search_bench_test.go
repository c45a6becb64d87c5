package neo4j_test

import (
	"context"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
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
