package main

import (
	"slices"
	"testing"
)

func op(name, details string, hits int64, children ...*planNode) *planNode {
	return &planNode{Op: name, Details: details, DbHits: hits, Rows: 1, Children: children}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name                  string
		plan                  *planNode
		index, scans, lookups int
		dbHits                int64
	}{
		{"unique index seek",
			op("ProduceResults", "row", 0, op("Projection", "", 2, op("NodeUniqueIndexSeek", "UNIQUE a:Actor(id) WHERE id = $id", 2))),
			1, 0, 0, 4},
		{"text index for an alias",
			op("ProduceResults", "", 0, op("NodeIndexContainsScan", "TEXT INDEX a:Actor(keyText) WHERE keyText CONTAINS $name", 5)),
			1, 0, 0, 5},
		{"full-text procedure",
			op("ProduceResults", "", 0, op("ProcedureCall", "db.index.fulltext.queryNodes($q, q) :: (c :: NODE)", 3)),
			1, 0, 0, 3},
		{"alias lookup by label scan",
			op("ProduceResults", "", 0, op("Filter", "key IN a.keys", 58, op("NodeByLabelScan", "a:Actor", 30))),
			0, 1, 1, 88},
		{"id lookup by all-nodes scan",
			op("Filter", "n.id = $id AND n:Actor", 10, op("AllNodesScan", "n", 10)),
			0, 1, 1, 20},
		{"relationship id by type scan",
			op("Filter", "r.id = $id", 4, op("DirectedRelationshipTypeScan", "(anon_0)-[r:SUPPORTS]->(anon_1)", 4)),
			0, 1, 1, 8},
		{"list scan filtered on other properties is no lookup",
			op("Top", "", 0, op("Filter", "c.role IN $roles", 43, op("NodeByLabelScan", "c:Claim", 44))),
			0, 1, 0, 87},
		// c.identity is not c.id, and b.id does not filter the scan of a.
		{"other variables and longer names are no lookup",
			op("Filter", "c.identity = 1 AND b.id = $x", 1, op("NodeByLabelScan", "c:Claim", 1)),
			0, 1, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c PlanCheck
			classify(tt.plan, &c)
			if len(c.IndexOps) != tt.index || len(c.Scans) != tt.scans || len(c.LookupScans) != tt.lookups || c.DbHits != tt.dbHits {
				t.Errorf("index %q, scans %q, lookup scans %q, db hits %d; want %d, %d, %d, %d",
					c.IndexOps, c.Scans, c.LookupScans, c.DbHits, tt.index, tt.scans, tt.lookups, tt.dbHits)
			}
		})
	}
}

func TestScanVar(t *testing.T) {
	for details, want := range map[string]string{
		"a:Actor":                         "a",
		"n":                               "n",
		"(anon_0)-[r:SUPPORTS]->(anon_1)": "r",
		"(x)-[rel:RISK_TO|THREATENS]-(y)": "rel",
		"  c:Claim:Other ":                "c",
	} {
		if got := scanVar(details); got != want {
			t.Errorf("scanVar(%q) = %q, want %q", details, got, want)
		}
	}
}

func TestLookupScanError(t *testing.T) {
	ok := []PlanCheck{{Query: keySearch, Statement: 1, Scans: []string{"NodeByLabelScan c:Claim"}}}
	if err := lookupScanError(ok); err != nil {
		t.Errorf("a list scan is not a lookup scan: %v", err)
	}
	bad := append(slices.Clone(ok), PlanCheck{Query: keySearch, Statement: 2, Cypher: "MATCH (a:Actor) WHERE $k IN a.keys",
		LookupScans: []string{"NodeByLabelScan a:Actor"}})
	if err := lookupScanError(bad); err == nil {
		t.Error("want an error for a lookup scan")
	}
}
