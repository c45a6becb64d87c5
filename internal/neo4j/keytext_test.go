package neo4j_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// Every way of writing an actor keeps keyText equal to its keys between
// newlines, which is what the name filter's TEXT index lookup relies on.
func TestActorKeyText_FollowsKeys(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	ctx := context.Background()
	MustImport(t, db, MustSeed(t))
	if _, err := db.CreateActor(ctx, argmap.ActorInput{ID: "kt-one", Name: "Keytext One", Type: argmap.ActorType("faction"), Aliases: []string{"KT-1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateActor(ctx, argmap.ActorInput{ID: "kt-two", Name: "Keytext Two", Type: argmap.ActorType("faction"), Aliases: []string{"Second KT"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeActors(ctx, "kt-one", "kt-two"); err != nil {
		t.Fatal(err)
	}
	recs := neo4jtest.Run(t, neo4jtest.Driver(t), "MATCH (a:Actor) RETURN a.id AS id, a.keys AS keys, a.keyText AS keyText ORDER BY id", nil)
	if len(recs) < 10 {
		t.Fatalf("only %d actors stored", len(recs))
	}
	for _, r := range recs {
		id, _ := r.Get("id")
		keysAny, _ := r.Get("keys")
		text, _ := r.Get("keyText")
		var keys []string
		for _, k := range keysAny.([]any) {
			keys = append(keys, k.(string))
		}
		if want := "\n" + strings.Join(keys, "\n") + "\n"; text != want {
			t.Errorf("actor %s: keyText %q, want %q (keys %q)", id, text, want, keys)
		}
		if id == "kt-one" && !slices.Contains(keys, "second kt") {
			t.Errorf("merged actor kt-one: keys %q lack the merged actor's alias", keys)
		}
	}
}

// The actors name filter finds actors by a fragment of any folded name or
// alias, through the TEXT index: no scan of every actor.
func TestActors_NameFilterUsesTextIndex(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	MustImport(t, db, MustSeed(t))
	ctx, log := neo4j.WithStatementLog(context.Background())
	conn, err := db.Actors(ctx, argmap.ActorFilter{Name: "Hay’at Tahrir"}, argmap.ActorOrderName, argmap.Page{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range conn.Edges {
		ids = append(ids, e.Node.ID)
	}
	if !slices.Equal(ids, []string{"hts"}) {
		t.Errorf("name filter found %q, want [hts]", ids)
	}
	if len(log.Statements) == 0 {
		t.Fatal("no statement recorded")
	}
	d := neo4jtest.Driver(t)
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
		if !slices.ContainsFunc(ops, func(op string) bool { return strings.HasPrefix(op, "NodeIndexContainsScan") }) {
			t.Errorf("statement does not use the keyText index: %v\n%s", ops, s.Cypher)
		}
	}
}

// planOperators lists the operator names of a profiled plan tree, depth
// first. (Not the EXPLAIN Plan: in driver v5.28.4 Plan.Children returns the
// last child once per child; ProfiledPlan.Children is right.)
func planOperators(p driver.ProfiledPlan) []string {
	if p == nil {
		return nil
	}
	out := []string{p.Operator()}
	for _, c := range p.Children() {
		out = append(out, planOperators(c)...)
	}
	return out
}
