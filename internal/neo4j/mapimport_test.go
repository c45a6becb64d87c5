package neo4j_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

const seedPath = "../../data/seed/syria-anti-isis-gamble.yaml"

// MustSeed reads the seed map afresh (callers may modify it).
func MustSeed(tb testing.TB) *argmap.Map {
	tb.Helper()
	m, err := mapfile.ReadFile(seedPath)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// MustImport imports m and fails the test on error.
func MustImport(tb testing.TB, db *neo4j.DB, m *argmap.Map) *argmap.ImportSummary {
	tb.Helper()
	s, err := db.ImportMap(context.Background(), m, nil)
	if err != nil {
		tb.Fatalf("ImportMap(%s): %v", m.Document.ID, err)
	}
	return s
}

// normalize orders a map's lists so that maps can be compared.
func normalize(m *argmap.Map) {
	sort.Slice(m.Actors, func(i, j int) bool { return m.Actors[i].ID < m.Actors[j].ID })
	for i := range m.Actors {
		if m.Actors[i].Aliases == nil {
			m.Actors[i].Aliases = []string{}
		}
		slices.Sort(m.Actors[i].PartOf)
		if m.Actors[i].PartOf == nil {
			m.Actors[i].PartOf = []string{}
		}
	}
	sort.Slice(m.Claims, func(i, j int) bool { return m.Claims[i].ID < m.Claims[j].ID })
	for i := range m.Claims {
		ms := m.Claims[i].Mentions
		sort.Slice(ms, func(a, b int) bool {
			return fmt.Sprint(ms[a].Quote.Start, ms[a].ActorID, ms[a].Role) < fmt.Sprint(ms[b].Quote.Start, ms[b].ActorID, ms[b].Role)
		})
	}
	sort.Slice(m.Links, func(i, j int) bool { return m.Links[i].ID < m.Links[j].ID })
	sort.Slice(m.Relations, func(i, j int) bool { return m.Relations[i].ID < m.Relations[j].ID })
	m.Document.Published = m.Document.Published.UTC()
}

func TestImportMap_SeedRoundTrip(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	want := MustSeed(t)
	summary := MustImport(t, db, want) // validates and completes want in place
	if summary.Replaced {
		t.Error("first import reported Replaced")
	}

	got, err := db.DocumentMap(context.Background(), want.Document.ID)
	if err != nil {
		t.Fatal(err)
	}
	normalize(want)
	normalize(got)
	if !got.Document.Published.Equal(want.Document.Published) {
		t.Errorf("published = %v, want %v", got.Document.Published, want.Document.Published)
	}
	got.Document.Published = want.Document.Published
	if got.Document != want.Document {
		t.Errorf("document differs:\n got %+v\nwant %+v", got.Document.Title, want.Document.Title)
	}
	for _, diff := range []struct {
		name      string
		got, want any
	}{{"actors", got.Actors, want.Actors}, {"claims", got.Claims, want.Claims}, {"links", got.Links, want.Links}, {"relations", got.Relations, want.Relations}} {
		if !reflect.DeepEqual(diff.got, diff.want) {
			t.Errorf("%s differ after the round trip:\n%s", diff.name, firstElementDiff(diff.got, diff.want))
		}
	}

	// The summary's counts are what the graph holds.
	stats, err := db.GraphStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inGraph := map[string]int64{}
	for _, c := range append(stats.Nodes, stats.Relationships...) {
		inGraph[c.Kind] = c.Count
	}
	for _, c := range append(summary.Nodes, summary.Relationships...) {
		if inGraph[c.Kind] != c.Count {
			t.Errorf("%s: summary says %d, graph holds %d", c.Kind, c.Count, inGraph[c.Kind])
		}
	}
	if inGraph["Claim"] != 43 || inGraph["Actor"] != 29 {
		t.Errorf("seed: %d claims, %d actors", inGraph["Claim"], inGraph["Actor"])
	}
}

// TestImportMap_QuotesVerifiedInGraph re-reads every stored quote with raw
// Cypher and checks it against the stored document text, in code points.
func TestImportMap_QuotesVerifiedInGraph(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	MustImport(t, db, MustSeed(t))
	d := neo4jtest.Driver(t)
	text := []rune(neo4jtest.Run(t, d, "MATCH (d:Document {id: 'syria-anti-isis-gamble'}) RETURN d.text", nil)[0].Values[0].(string))

	recs := neo4jtest.Run(t, d, `
		MATCH (n) WHERE n.q_exact IS NOT NULL RETURN 'node ' + n.id AS owner, n.q_doc AS doc, n.q_start AS s, n.q_end AS e, n.q_exact AS x, n.q_prefix AS p, n.q_suffix AS f
		UNION ALL
		MATCH (a)-[r]->(b) WHERE r.q_exact IS NOT NULL RETURN type(r) + ' ' + a.id + '->' + b.id AS owner, r.q_doc AS doc, r.q_start AS s, r.q_end AS e, r.q_exact AS x, r.q_prefix AS p, r.q_suffix AS f`, nil)
	checked := 0
	for _, r := range recs {
		owner := r.Values[0].(string)
		docs, starts, ends, exacts, prefixes, suffixes := r.Values[1].([]any), r.Values[2].([]any), r.Values[3].([]any), r.Values[4].([]any), r.Values[5].([]any), r.Values[6].([]any)
		if len(starts) != len(exacts) || len(ends) != len(exacts) || len(docs) != len(exacts) || len(prefixes) != len(exacts) || len(suffixes) != len(exacts) {
			t.Errorf("%s: quote lists of different lengths", owner)
			continue
		}
		for i := range exacts {
			s, e := int(starts[i].(int64)), int(ends[i].(int64))
			if docs[i] != "syria-anti-isis-gamble" || s < 0 || e > len(text) || s >= e {
				t.Errorf("%s quote %d: bad selector doc=%v [%d,%d)", owner, i, docs[i], s, e)
				continue
			}
			if got := string(text[s:e]); got != exacts[i] {
				t.Errorf("%s quote %d: text[%d:%d] = %q, exact %q", owner, i, s, e, got, exacts[i])
			}
			if !strings.HasSuffix(string(text[:s]), prefixes[i].(string)) || !strings.HasPrefix(string(text[e:]), suffixes[i].(string)) {
				t.Errorf("%s quote %d: prefix/suffix do not surround the quote", owner, i)
			}
			checked++
		}
	}
	// Every claim, mention, actor naming and relation carries quotes.
	if checked < 43+73+29+35 {
		t.Errorf("checked only %d quotes", checked)
	}
}

func TestImportMap_Idempotent(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	MustImport(t, db, MustSeed(t))
	first := neo4jtest.Fingerprint(t, d)
	s := MustImport(t, db, MustSeed(t))
	if !s.Replaced {
		t.Error("second import did not report Replaced")
	}
	if second := neo4jtest.Fingerprint(t, d); second != first {
		t.Errorf("loading the same map twice changed the graph:\n%s", firstDiff(first, second))
	}
}

// firstElementDiff shows the first differing element of two slices.
func firstElementDiff(got, want any) string {
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < max(g.Len(), w.Len()); i++ {
		if i >= g.Len() || i >= w.Len() {
			return fmt.Sprintf("lengths differ: got %d, want %d", g.Len(), w.Len())
		}
		if !reflect.DeepEqual(g.Index(i).Interface(), w.Index(i).Interface()) {
			return fmt.Sprintf("element %d:\n got %+v\nwant %+v", i, g.Index(i).Interface(), w.Index(i).Interface())
		}
	}
	return "(equal)"
}

// firstDiff shows the first differing line of two fingerprints.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %.300s\n+ %.300s", i, x, y)
		}
	}
	return "(equal)"
}

func TestImportMap_RejectsTamperedMap(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	MustImport(t, db, MustSeed(t))
	before := neo4jtest.Fingerprint(t, d)

	tests := []struct {
		name       string
		tamper     func(m *argmap.Map)
		item, want string
	}{
		{"offset moved", func(m *argmap.Map) { m.Claims[1].Quotes[0].Start++ }, "claim syria-anti-isis-gamble/opportunity-reemerge", "quotes[0]"},
		{"unknown actor", func(m *argmap.Map) { m.Claims[0].Mentions[0].ActorID = "atlantis" }, "claim syria-anti-isis-gamble/thesis", "actors[0].actor"},
		{"bad enum", func(m *argmap.Map) { m.Relations[0].Modality = "perhaps" }, "relation syria-anti-isis-gamble/r-syria-member-coalition", "modality"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MustSeed(t)
			m.Claims[5].Text = "A changed text that must not reach the graph."
			tt.tamper(m)
			_, err := db.ImportMap(context.Background(), m, nil)
			if code := argmap.ErrorCode(err); code != argmap.EINVALID {
				t.Fatalf("code = %q, want BAD_USER_INPUT (%v)", code, err)
			}
			var ve *argmap.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError", err)
			}
			found := false
			for _, p := range ve.Problems {
				found = found || (p.Item == tt.item && strings.HasPrefix(p.Field, tt.want))
			}
			if !found {
				t.Errorf("no problem for %s %s in:\n%v", tt.item, tt.want, ve)
			}
			if after := neo4jtest.Fingerprint(t, d); after != before {
				t.Errorf("a rejected map changed the graph:\n%s", firstDiff(before, after))
			}
		})
	}
}

// removeClaim drops a claim and everything that refers to it, keeping the
// map valid.
func removeClaim(m *argmap.Map, id string) {
	m.Claims = slices.DeleteFunc(m.Claims, func(c argmap.Claim) bool { return c.ID == id })
	var dropped []string
	m.Links = slices.DeleteFunc(m.Links, func(l argmap.Link) bool {
		if l.From == id || l.To == id {
			dropped = append(dropped, l.ID)
			return true
		}
		return false
	})
	m.Links = slices.DeleteFunc(m.Links, func(l argmap.Link) bool { return slices.Contains(dropped, l.To) })
	for i := range m.Relations {
		m.Relations[i].Evidence = slices.DeleteFunc(m.Relations[i].Evidence, func(e string) bool { return e == id })
	}
	m.Relations = slices.DeleteFunc(m.Relations, func(r argmap.Relation) bool { return len(r.Evidence) == 0 })
}

func removeActor(m *argmap.Map, id string) {
	m.Actors = slices.DeleteFunc(m.Actors, func(a argmap.MapActor) bool { return a.ID == id })
	for i := range m.Actors {
		m.Actors[i].PartOf = slices.DeleteFunc(m.Actors[i].PartOf, func(p string) bool { return p == id })
	}
	for i := range m.Claims {
		m.Claims[i].Mentions = slices.DeleteFunc(m.Claims[i].Mentions, func(mn argmap.Mention) bool { return mn.ActorID == id })
	}
	m.Relations = slices.DeleteFunc(m.Relations, func(r argmap.Relation) bool { return r.From == id || r.To == id })
}

// TestImportMap_ReloadChanged checks that re-importing a changed map gives
// exactly the graph a clean import of the changed map gives: nothing of the
// old map is left behind.
func TestImportMap_ReloadChanged(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	changed := func() *argmap.Map {
		m := MustSeed(t)
		removeClaim(m, "syria-anti-isis-gamble/thesis")
		removeActor(m, "french-fighters")
		m.Claims[0].Text = "An edited proposition."
		m.Actors[0].Aliases = append(m.Actors[0].Aliases, "Syrian Arab Republic")
		return m
	}

	MustImport(t, db, changed())
	clean := neo4jtest.Fingerprint(t, d)

	neo4jtest.Reset(t)
	MustImport(t, db, MustSeed(t))
	MustImport(t, db, changed())
	if reloaded := neo4jtest.Fingerprint(t, d); reloaded != clean {
		t.Errorf("reloading a changed map differs from loading it into an empty graph:\n%s", firstDiff(clean, reloaded))
	}
	for _, q := range []string{"MATCH (c:Claim {id: 'syria-anti-isis-gamble/thesis'}) RETURN count(c)", "MATCH (a:Actor {id: 'french-fighters'}) RETURN count(a)"} {
		if n := neo4jtest.Run(t, d, q, nil)[0].Values[0].(int64); n != 0 {
			t.Errorf("%s = %d after the reload, want 0", q, n)
		}
	}
}

// secondDocument is a small map of another text that shares actors with
// the seed.
func secondDocument() *argmap.Map {
	text := "The SDF may be absorbed into the national army. Hayat Tahrir al-Sham opposes the move."
	q := func(exact string) argmap.Quote {
		return argmap.Quote{Exact: exact, Start: argmap.Unanchored, End: argmap.Unanchored}
	}
	return &argmap.Map{
		Document: argmap.Document{ID: "second-text", Title: "A second text", Published: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Text: text},
		Actors: []argmap.MapActor{
			{Actor: argmap.Actor{ID: "sdf", Name: "Syrian Democratic Forces", Type: argmap.ActorArmedGroup, Aliases: []string{"SDF", "Kurdish-led SDF"}}, Mentions: []argmap.Quote{q("The SDF")}},
			{Actor: argmap.Actor{ID: "hts", Name: "Hay’at Tahrir al-Sham", Type: argmap.ActorPoliticalParty, Aliases: []string{"HTS"}}, Mentions: []argmap.Quote{q("Hayat Tahrir al-Sham")}},
			{Actor: argmap.Actor{ID: "national-army", Name: "Syrian national army", Type: argmap.ActorMilitary}, Mentions: []argmap.Quote{q("the national army")}},
		},
		Claims: []argmap.Claim{
			{ID: "second-text/absorb", Text: "The SDF may be absorbed into the national army.", Role: argmap.RolePremise, Modality: argmap.ModalityPrediction,
				Hedging: argmap.HedgingPossible, HedgeCue: "may", Quotes: []argmap.Quote{q("The SDF may be absorbed into the national army.")},
				Mentions: []argmap.Mention{{ActorID: "SDF", Role: argmap.MentionSubject, Quote: q("The SDF")}}},
			{ID: "second-text/oppose", Text: "HTS opposes the absorption of the SDF.", Role: argmap.RoleConclusion, Modality: argmap.ModalityAssertion,
				Hedging: argmap.HedgingNone, Quotes: []argmap.Quote{q("Hayat Tahrir al-Sham opposes the move.")}},
		},
		Links: []argmap.Link{{ID: "second-text/l1", Type: argmap.LinkAttacks, Kind: argmap.AttackRebut, From: "second-text/oppose", To: "second-text/absorb"}},
		Relations: []argmap.Relation{{ID: "second-text/r1", Type: argmap.RelAbsorbedInto, From: "the SDF", To: "national-army", Modality: argmap.RelationPotential,
			Evidence: []string{"second-text/absorb"}, Quotes: []argmap.Quote{q("absorbed into the national army")}}},
	}
}

func TestImportMap_SharedActors(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	MustImport(t, db, MustSeed(t))
	MustImport(t, db, secondDocument())

	aliases := neo4jtest.Run(t, d, "MATCH (a:Actor {id: 'sdf'}) RETURN a.aliases", nil)[0].Values[0].([]any)
	if !slices.Contains(aliases, any("Kurdish-led SDF")) || !slices.Contains(aliases, any("Syrian Democratic Forces")) {
		t.Errorf("sdf aliases = %v, want the union of both documents' aliases", aliases)
	}
	// Reloading the seed must not take away what the second document wrote.
	MustImport(t, db, MustSeed(t))
	if n := neo4jtest.Run(t, d, "MATCH (:Actor {id: 'sdf'})-[r:ABSORBED_INTO {doc: 'second-text'}]->(:Actor {id: 'national-army'}) RETURN count(r)", nil)[0].Values[0].(int64); n != 1 {
		t.Errorf("second document's relation count = %d after reloading the seed, want 1", n)
	}

	t.Run("new id for a known name is rejected", func(t *testing.T) {
		m := secondDocument()
		m.Document.ID = "third-text"
		for i := range m.Claims {
			m.Claims[i].ID = strings.Replace(m.Claims[i].ID, "second-text", "third-text", 1)
		}
		m.Links, m.Relations = nil, nil
		m.Actors[1].ID = "hayat-tahrir" // HTS under a second id
		before := neo4jtest.Fingerprint(t, d)
		_, err := db.ImportMap(context.Background(), m, nil)
		if argmap.ErrorCode(err) != argmap.EINVALID || !strings.Contains(err.Error(), "hts") {
			t.Fatalf("err = %v, want BAD_USER_INPUT naming the stored actor hts", err)
		}
		if after := neo4jtest.Fingerprint(t, d); after != before {
			t.Error("the rejected map changed the graph")
		}
	})
}

// TestImportMap_AtomicOnDatabaseError makes the database refuse a statement
// in the middle of an import (a relationship id that already exists) and
// checks that nothing of the import remains.
func TestImportMap_AtomicOnDatabaseError(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	MustImport(t, db, MustSeed(t))
	neo4jtest.Run(t, d, "CREATE (:Claim {id: 'x1'})-[:ATTACKS {id: 'second-text/l1'}]->(:Claim {id: 'x2'})", nil)
	before := neo4jtest.Fingerprint(t, d)

	_, err := db.ImportMap(context.Background(), secondDocument(), nil)
	if code := argmap.ErrorCode(err); code != argmap.ECONFLICT {
		t.Fatalf("code = %q, want CONFLICT (%v)", code, err)
	}
	if after := neo4jtest.Fingerprint(t, d); after != before {
		t.Errorf("a failed import left changes:\n%s", firstDiff(before, after))
	}
}

func TestDocumentMap_NotFound(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	_, err := db.DocumentMap(context.Background(), "no-such-document")
	if code := argmap.ErrorCode(err); code != argmap.ENOTFOUND {
		t.Fatalf("code = %q, want NOT_FOUND", code)
	}
}

// TestImportMap_RenameOwnActor: a map may give its own actor a new id while
// keeping the name; the old id goes with the old map.
func TestImportMap_RenameOwnActor(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	MustImport(t, db, MustSeed(t))

	m := MustSeed(t)
	rename := func(id string) string {
		if id == "french-fighters" {
			return "french-jihadists"
		}
		return id
	}
	for i := range m.Actors {
		m.Actors[i].ID = rename(m.Actors[i].ID)
		for j := range m.Actors[i].PartOf {
			m.Actors[i].PartOf[j] = rename(m.Actors[i].PartOf[j])
		}
	}
	for i := range m.Claims {
		for j := range m.Claims[i].Mentions {
			m.Claims[i].Mentions[j].ActorID = rename(m.Claims[i].Mentions[j].ActorID)
		}
	}
	for i := range m.Relations {
		m.Relations[i].From, m.Relations[i].To = rename(m.Relations[i].From), rename(m.Relations[i].To)
	}
	MustImport(t, db, m)
	ids := neo4jtest.Run(t, d, "MATCH (a:Actor) WHERE a.id IN ['french-fighters', 'french-jihadists'] RETURN collect(a.id)", nil)[0].Values[0].([]any)
	if len(ids) != 1 || ids[0] != "french-jihadists" {
		t.Errorf("actors after the rename: %v, want only french-jihadists", ids)
	}
}
