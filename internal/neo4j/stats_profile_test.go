package neo4j_test

import (
	"context"
	"slices"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// GraphStats reads every count from Neo4j's count store: its cost does not
// grow with the graph.
func TestGraphStats_ReadsCountStore(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	MustImport(t, db, MustSeed(t))
	ctx, log := neo4j.WithStatementLog(context.Background())
	if _, err := db.GraphStats(ctx); err != nil {
		t.Fatal(err)
	}
	if len(log.Statements) != 1 {
		t.Fatalf("%d statements, want 1", len(log.Statements))
	}
	s := log.Statements[0]
	res, err := driver.ExecuteQuery(context.Background(), neo4jtest.Driver(t), "PROFILE "+s.Cypher, s.Params, driver.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	ops := planOperators(res.Summary.Profile())
	counts := map[string]int{}
	for _, op := range ops {
		for _, want := range []string{"NodeCountFromCountStore", "RelationshipCountFromCountStore", "NodeByLabelScan", "AllNodesScan", "Expand", "DirectedRelationshipTypeScan"} {
			if len(op) >= len(want) && op[:len(want)] == want {
				counts[want]++
			}
		}
	}
	if counts["NodeByLabelScan"]+counts["AllNodesScan"]+counts["Expand"]+counts["DirectedRelationshipTypeScan"] > 0 ||
		counts["NodeCountFromCountStore"] == 0 || counts["RelationshipCountFromCountStore"] == 0 {
		t.Errorf("graph stats does not read the count store only: %v", slices.Compact(ops))
	}
}
