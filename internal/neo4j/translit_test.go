package neo4j_test

import (
	"context"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
	"github.com/argmap/argmap/internal/textsearch"
)

// translitSamples are names whose keys Go and Cypher must agree on: every
// name and alias of the seed map, the spelling variants of the fuzzy tests,
// and strings that exercise the edges of each step.
func translitSamples(t *testing.T) []string {
	names := []string{
		"", "a", "al", "al al", "ah", "hah", "yy", "wy", "y", "w", "ayw", "aaa", "Muhajireen", "Mouhajiroun", "al-Charaa",
		"Ahmed al-Shara'a", "Haiat Tahrir al-Cham", "Hezbollah", "Hizbullah", "tschad", "schach", "qaqc", "dhikr", "al-Qaeda",
		"ash-Sham", "u.s.", "ISIS/Daesh", "Şām", "السلام", "ثورة", "🙂 x", "x 🙂", "Jabhat al-Nusra", "al yah",
	}
	for _, a := range variantCases {
		names = append(names, a.query)
	}
	for _, a := range MustSeed(t).Actors {
		names = append(names, a.Name)
		names = append(names, a.Aliases...)
	}
	return names
}

func TestTranslitText_CypherAgreesWithGo(t *testing.T) {
	d := neo4jtest.Driver(t)
	names := translitSamples(t)
	var all []string
	for _, n := range names {
		all = append(all, argmap.FoldName(n))
	}
	rec := neo4jtest.Run(t, d, "UNWIND $lists AS keys RETURN keys, "+neo4j.CypherTranslitText("keys")+" AS text", map[string]any{
		"lists": append(func() []any {
			var ls []any
			for _, k := range all {
				ls = append(ls, []string{k})
			}
			return ls
		}(), all, []string{}),
	})
	for _, r := range rec {
		keysAny, _ := r.Get("keys")
		var keys []string
		for _, k := range keysAny.([]any) {
			keys = append(keys, k.(string))
		}
		got, _ := r.Get("text")
		if want := textsearch.TranslitText(keys); got != want {
			t.Errorf("keys %q: Cypher %q, Go %q", keys, got, want)
		}
	}
	if len(rec) != len(all)+2 {
		t.Errorf("%d rows", len(rec))
	}
}

// checkTranslitText fails unless every actor's translitText is
// textsearch.TranslitText of its keys; it returns how many actors it saw.
func checkTranslitText(t *testing.T) int {
	t.Helper()
	recs := neo4jtest.Run(t, neo4jtest.Driver(t), "MATCH (a:Actor) RETURN a.id AS id, a.keys AS keys, a.translitText AS text ORDER BY id", nil)
	for _, r := range recs {
		id, _ := r.Get("id")
		keysAny, _ := r.Get("keys")
		text, _ := r.Get("text")
		var keys []string
		for _, k := range keysAny.([]any) {
			keys = append(keys, k.(string))
		}
		if want := textsearch.TranslitText(keys); text != want {
			t.Errorf("actor %s: translitText %q, want %q (keys %q)", id, text, want, keys)
		}
	}
	return len(recs)
}

// Every way of writing an actor keeps translitText following its keys, and
// migration 007 gives it to actors stored without one.
func TestActorTranslitText_FollowsKeys(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	ctx := context.Background()
	MustImport(t, db, MustSeed(t))
	if _, err := db.CreateActor(ctx, argmap.ActorInput{ID: "tk-one", Name: "Jabhat Fath al-Sham", Type: argmap.ActorType("faction"), Aliases: []string{"JFS"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateActor(ctx, argmap.ActorInput{ID: "tk-two", Name: "Jabhat al-Nusra", Type: argmap.ActorType("faction")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateActor(ctx, "tk-two", argmap.ActorPatch{Aliases: []string{"Nusra Front", "Jebhet en-Nousra"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeActors(ctx, "tk-one", "tk-two"); err != nil {
		t.Fatal(err)
	}
	MustImport(t, db, secondDocument())
	if n := checkTranslitText(t); n < 10 {
		t.Fatalf("only %d actors stored", n)
	}
	// The merged actor is found under its old names' spellings.
	hits, err := db.Search(ctx, "Jabhat an-Nousra", []argmap.SearchKind{argmap.SearchActor}, 5)
	if err != nil || len(hits) == 0 || hits[0].ID != "tk-one" {
		t.Errorf("Jabhat an-Nousra: %v%s", err, describeHits(hits))
	}

	neo4jtest.Run(t, neo4jtest.Driver(t), "MATCH (a:Actor) REMOVE a.translitText", nil)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	checkTranslitText(t)
}
