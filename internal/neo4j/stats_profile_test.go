package neo4j_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/argmap"
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

// GraphShape agrees with the seed map counted here, and reads degrees and
// counts from the store's counters, never expanding a relationship.
func TestGraphShape(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	m := MustSeed(t)
	MustImport(t, db, m)
	want := argmap.GraphShape{Actors: len(m.Actors), Claims: len(m.Claims), Documents: 1, MaxDocumentClaims: len(m.Claims),
		MaxActorRelationsOf: map[argmap.RelationType]int{}}
	all, per, mentions := map[string]int{}, map[argmap.RelationType]map[string]int{}, map[string]int{}
	for _, r := range m.Relations {
		if per[r.Type] == nil {
			per[r.Type] = map[string]int{}
		}
		for _, a := range []string{r.From, r.To} {
			all[a]++
			per[r.Type][a]++
		}
	}
	for _, c := range m.Claims {
		for _, mn := range c.Mentions {
			mentions[mn.ActorID]++
		}
	}
	for _, t := range argmap.RelationTypes {
		want.MaxActorRelationsOf[t] = 0 // zeros included
		for _, n := range per[t] {
			want.MaxActorRelationsOf[t] = max(want.MaxActorRelationsOf[t], n)
		}
	}
	for _, n := range all {
		want.MaxActorRelations = max(want.MaxActorRelations, n)
	}
	for _, n := range mentions {
		want.MaxActorClaims = max(want.MaxActorClaims, n)
	}
	ctx, log := neo4j.WithStatementLog(context.Background())
	got, err := db.GraphShape(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("shape\n got %+v\nwant %+v", *got, want)
	}
	if want.MaxActorRelations == 0 || want.MaxActorClaims == 0 {
		t.Fatalf("the seed map has no relations or mentions: %+v", want)
	}
	s := log.Statements[0]
	res, err := driver.ExecuteQuery(context.Background(), neo4jtest.Driver(t), "PROFILE "+s.Cypher, s.Params, driver.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range planOperators(res.Summary.Profile()) {
		if strings.HasPrefix(op, "Expand") || strings.HasPrefix(op, "AllNodesScan") {
			t.Errorf("graph shape expands relationships or scans all nodes: %v", op)
		}
	}
}
