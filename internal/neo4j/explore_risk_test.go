package neo4j_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
)

// wantRiskChainsToward computes the maximal risk chains that end at toward,
// in the store's order: longest first, then by actor ids (start to end), then
// relation ids. A chain is maximal when it has maxHops relations or no risk
// relation leads into its start from an actor not on it.
func wantRiskChainsToward(m *argmap.Map, toward string, maxHops int) [][]string {
	type chain struct{ actors, rels []string }
	edges := relationEdges(m, argmap.RiskRelationTypes)
	var out []chain
	var walk func(c chain)
	walk = func(c chain) {
		at := c.actors[0]
		extended := false
		if len(c.rels) < maxHops {
			for _, e := range edges {
				if e.to == at && !slices.Contains(c.actors, e.from) {
					extended = true
					walk(chain{append([]string{e.from}, c.actors...), append([]string{e.id}, c.rels...)})
				}
			}
		}
		if !extended && len(c.rels) > 0 {
			out = append(out, c)
		}
	}
	walk(chain{actors: []string{toward}})
	slices.SortFunc(out, func(a, b chain) int {
		return cmp.Or(cmp.Compare(len(b.rels), len(a.rels)), slices.Compare(a.actors, b.actors), slices.Compare(a.rels, b.rels))
	})
	var ids [][]string
	for _, c := range out {
		ids = append(ids, c.rels)
	}
	return ids
}

func TestRiskChainsToward(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	check := func(t *testing.T, q argmap.RiskQuery, want [][]string) {
		t.Helper()
		got, err := db.RiskChains(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var ids [][]string
		for _, p := range got {
			ids = append(ids, checkActorPath(t, m, p, p.ActorIDs[0], q.TowardID))
			for _, s := range p.Steps {
				if !s.Forward || !slices.Contains(argmap.RiskRelationTypes, s.Relation.Type) {
					t.Errorf("step %s (%s, forward %v) is not a risk relation followed forward", s.Relation.ID, s.Relation.Type, s.Forward)
				}
			}
			if len(p.Actors) != len(p.ActorIDs) || p.Actors[len(p.Actors)-1] == nil || p.Actors[len(p.Actors)-1].ID != q.TowardID {
				t.Errorf("chain %v: actors not fetched", p.ActorIDs)
			}
		}
		if len(want) > q.First {
			want = want[:q.First]
		}
		if len(ids) != len(want) {
			t.Fatalf("chains:\n got %q\nwant %q", ids, want)
		}
		for i := range ids {
			if !slices.Equal(ids[i], want[i]) {
				t.Errorf("chain %d = %q, want %q (order)", i, ids[i], want[i])
			}
		}
	}

	// The question of issue 10: what threatens HTS?
	t.Run("toward hts", func(t *testing.T) {
		want := wantRiskChainsToward(m, "hts", 3)
		if len(want) < 2 || len(want[0]) < 2 {
			t.Fatalf("the seed gives %q toward hts: the test checks too little", want)
		}
		check(t, argmap.RiskQuery{TowardID: "hts", MaxHops: 3, First: 100}, want)
	})

	multi := 0
	for _, a := range m.Actors {
		t.Run("toward actor "+a.ID, func(t *testing.T) {
			want := wantRiskChainsToward(m, a.ID, 4)
			for _, c := range want {
				if len(c) > 1 {
					multi++
				}
			}
			check(t, argmap.RiskQuery{TowardID: a.ID, MaxHops: 4, First: 100}, want)
		})
	}
	if multi == 0 {
		t.Error("the seed gives no chain of more than one relation toward an actor: the test checks too little")
	}

	t.Run("maxHops 1 gives the relations into the actor", func(t *testing.T) {
		check(t, argmap.RiskQuery{TowardID: "syrian-government", MaxHops: 1, First: 100}, wantRiskChainsToward(m, "syrian-government", 1))
	})
	t.Run("first bounds the chains", func(t *testing.T) {
		check(t, argmap.RiskQuery{TowardID: "hts", MaxHops: 4, First: 1}, wantRiskChainsToward(m, "hts", 4))
	})
	t.Run("one statement for the chains, one for their actors", func(t *testing.T) {
		before := db.Statements()
		if _, err := db.RiskChains(ctx, argmap.RiskQuery{TowardID: "hts", MaxHops: 6, First: 100}); err != nil {
			t.Fatal(err)
		}
		if n := db.Statements() - before; n != 2 {
			t.Errorf("ran %d statements, want 2", n)
		}
	})
}

// TestRiskChainsErrors checks that every error names the argument at fault
// by its name in the API (actor, claim, toward, maxHops, first), and that
// the messages say what to give.
func TestRiskChainsErrors(t *testing.T) {
	db, _ := mustSeedDB(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name          string
		q             argmap.RiskQuery
		code, field   string
		mention, hide string
	}{
		{"neither start nor end", argmap.RiskQuery{MaxHops: 3, First: 5}, argmap.EINVALID, "actor", "toward", "not both"},
		{"actor and claim", argmap.RiskQuery{ActorID: "hts", ClaimID: seedClaim("thesis"), MaxHops: 3, First: 5}, argmap.EINVALID, "claim", "not both", ""},
		{"actor and toward", argmap.RiskQuery{ActorID: "sdf", TowardID: "hts", MaxHops: 3, First: 5}, argmap.EINVALID, "toward", "paths", ""},
		{"claim and toward", argmap.RiskQuery{ClaimID: seedClaim("thesis"), TowardID: "hts", MaxHops: 3, First: 5}, argmap.EINVALID, "toward", "paths", ""},
		{"unknown actor", argmap.RiskQuery{ActorID: "atlantis", MaxHops: 3, First: 5}, argmap.ENOTFOUND, "actor", "atlantis", ""},
		{"unknown claim", argmap.RiskQuery{ClaimID: seedClaim("nope"), MaxHops: 3, First: 5}, argmap.ENOTFOUND, "claim", "nope", ""},
		{"unknown toward", argmap.RiskQuery{TowardID: "atlantis", MaxHops: 3, First: 5}, argmap.ENOTFOUND, "toward", "atlantis", ""},
		{"claim as toward", argmap.RiskQuery{TowardID: seedClaim("thesis"), MaxHops: 3, First: 5}, argmap.ENOTFOUND, "toward", "thesis", ""},
		{"toward maxHops 7", argmap.RiskQuery{TowardID: "hts", MaxHops: 7, First: 5}, argmap.EINVALID, "maxHops", "", ""},
		{"toward first 101", argmap.RiskQuery{TowardID: "hts", MaxHops: 3, First: 101}, argmap.EINVALID, "first", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := db.Statements()
			_, err := db.RiskChains(ctx, tt.q)
			wantCode(t, err, tt.code, tt.field)
			if argmap.ErrorField(err) != tt.field {
				t.Errorf("field = %q, want %q", argmap.ErrorField(err), tt.field)
			}
			msg := argmap.ErrorMessage(err)
			if !strings.Contains(msg, tt.mention) || (tt.hide != "" && strings.Contains(msg, tt.hide)) {
				t.Errorf("message %q: want it to name %q and not say %q", msg, tt.mention, tt.hide)
			}
			if n := db.Statements() - before; tt.code == argmap.EINVALID && n != 0 {
				t.Errorf("invalid arguments sent %d statements, want 0", n)
			}
		})
	}
}
