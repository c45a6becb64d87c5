package neo4j_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// The filtered claims list counts and pages through indexes (migration
// 006): no statement scans every claim.
func TestClaims_FilterStatementsUseIndexes(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	MustImport(t, db, MustSeed(t))
	d := neo4jtest.Driver(t)
	filters := map[string]argmap.ClaimFilter{
		"roles and hedgings": {Roles: []argmap.ClaimRole{"premise"}, Hedgings: []argmap.Hedging{"none"}},
		"roles":              {Roles: []argmap.ClaimRole{"premise", "evidence"}},
		"modalities":         {Modalities: []argmap.Modality{"risk"}},
		"hedgings":           {Hedgings: []argmap.Hedging{"possible"}},
		"all three":          {Roles: []argmap.ClaimRole{"premise"}, Modalities: []argmap.Modality{"assertion"}, Hedgings: []argmap.Hedging{"none"}},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			for _, first := range []int{1, 100} { // both page plans
				ctx, log := neo4j.WithStatementLog(context.Background())
				if _, err := db.Claims(ctx, f, argmap.Page{First: first}); err != nil {
					t.Fatal(err)
				}
				if len(log.Statements) != 2 {
					t.Fatalf("%d statements, want 2 (count, page)", len(log.Statements))
				}
				for _, s := range log.Statements {
					res, err := driver.ExecuteQuery(context.Background(), d, "PROFILE "+s.Cypher, s.Params, driver.EagerResultTransformer)
					if err != nil {
						t.Fatal(err)
					}
					ops := planOperators(res.Summary.Profile())
					if slices.ContainsFunc(ops, func(op string) bool {
						return strings.HasPrefix(op, "NodeByLabelScan") || strings.HasPrefix(op, "AllNodesScan")
					}) {
						t.Errorf("statement scans nodes: %v\n%s", ops, s.Cypher)
					}
					if !slices.ContainsFunc(ops, func(op string) bool { return strings.HasPrefix(op, "NodeIndex") }) {
						t.Errorf("statement uses no index: %v\n%s", ops, s.Cypher)
					}
				}
			}
		})
	}
}

// Whichever plan a page takes (seek for few matches, walk for many: the
// page size moves the threshold), the claims come in the documented order,
// each once, and the cursors of one page size continue another's.
func TestClaims_PlansAgreeOnOrderAndCursors(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	ctx := context.Background()
	MustImport(t, db, MustSeed(t))
	for _, m := range neo4jtest.Corpus(3, "plans") {
		MustImport(t, db, m)
	}
	d := neo4jtest.Driver(t)
	filters := map[string]argmap.ClaimFilter{
		"none":     {},
		"roles":    {Roles: []argmap.ClaimRole{"premise", "thesis"}},
		"hedgings": {Hedgings: []argmap.Hedging{"none"}},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			where := "true"
			params := map[string]any{}
			if len(f.Roles) > 0 {
				where, params["v"] = "c.role IN $v", argmap.Strings(f.Roles)
			}
			if len(f.Hedgings) > 0 {
				where, params["v"] = "c.hedging IN $v", argmap.Strings(f.Hedgings)
			}
			var want []string
			for _, r := range neo4jtest.Run(t, d, "MATCH (c:Claim)-[f:FROM]->(d:Document) WHERE "+where+
				" RETURN c.id AS id ORDER BY d.published, d.id, f.start, c.id", params) {
				id, _ := r.Get("id")
				want = append(want, id.(string))
			}
			if len(want) < 3 {
				t.Fatalf("only %d claims match", len(want))
			}
			for _, sizes := range [][]int{{1}, {100}, {2, 100}, {1, 3}} {
				var got []string
				after := ""
				for i := 0; ; i++ {
					conn, err := db.Claims(ctx, f, argmap.Page{First: sizes[min(i, len(sizes)-1)], After: after})
					if err != nil {
						t.Fatal(err)
					}
					if conn.TotalCount != int64(len(want)) {
						t.Fatalf("totalCount %d, want %d", conn.TotalCount, len(want))
					}
					for _, e := range conn.Edges {
						got = append(got, e.Node.ID)
						after = e.Cursor
					}
					if !conn.HasNextPage {
						break
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages of %v: %s", sizes, diffIDs(got, want))
				}
			}
		})
	}
}

func diffIDs(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("first difference at %d: %s, want %s (%d vs %d claims)", i, got[i], want[i], len(got), len(want))
		}
	}
	return fmt.Sprintf("%d claims, want %d", len(got), len(want))
}
