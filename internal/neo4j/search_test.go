package neo4j_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// searchDB returns a store holding the seed map and secondDocument, with
// the full-text indexes up to date.
func searchDB(t *testing.T) *neo4j.DB {
	t.Helper()
	db := neo4jtest.MustOpen(t)
	MustImport(t, db, MustSeed(t))
	MustImport(t, db, secondDocument())
	d := neo4jtest.Driver(t)
	neo4jtest.Run(t, d, "CALL db.awaitIndexes(60)", nil)
	neo4jtest.Run(t, d, "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()", nil)
	return db
}

// search runs db.Search and checks what every answer must satisfy: at most
// first hits, scores in (0, 1] and descending, no hit twice, only the kinds
// asked for, one statement at most.
func search(t *testing.T, db *neo4j.DB, query string, kinds []argmap.SearchKind, first int) []argmap.SearchHit {
	t.Helper()
	before := db.Statements()
	hits, err := db.Search(context.Background(), query, kinds, first)
	if err != nil {
		t.Fatalf("Search(%.40q): %v", query, err)
	}
	if n := db.Statements() - before; n > 1 {
		t.Errorf("Search(%.40q) ran %d statements, want at most 1", query, n)
	}
	if len(hits) > first {
		t.Errorf("Search(%.40q): %d hits, first = %d", query, len(hits), first)
	}
	seen := map[string]bool{}
	for i, h := range hits {
		if h.Score <= 0 || h.Score > 1 {
			t.Errorf("Search(%.40q) hit %d %s %s: score %v outside (0, 1]", query, i, h.Kind, h.ID, h.Score)
		}
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("Search(%.40q): scores not descending at %d: %v > %v", query, i, h.Score, hits[i-1].Score)
		}
		if k := string(h.Kind) + " " + h.ID; seen[k] {
			t.Errorf("Search(%.40q): %s twice", query, k)
		} else {
			seen[k] = true
		}
		if len(kinds) > 0 && !containsKind(kinds, h.Kind) {
			t.Errorf("Search(%.40q, %v): hit of kind %s", query, kinds, h.Kind)
		}
		if h.Snippet == "" {
			t.Errorf("Search(%.40q): %s %s has no snippet", query, h.Kind, h.ID)
		}
	}
	return hits
}

func containsKind(kinds []argmap.SearchKind, k argmap.SearchKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

func findHit(hits []argmap.SearchHit, kind argmap.SearchKind, id string) (argmap.SearchHit, bool) {
	for _, h := range hits {
		if h.Kind == kind && h.ID == id {
			return h, true
		}
	}
	return argmap.SearchHit{}, false
}

func describeHits(hits []argmap.SearchHit) string {
	var b strings.Builder
	for _, h := range hits {
		fmt.Fprintf(&b, "\n  %s %s %.3f %q", h.Kind, h.ID, h.Score, h.Snippet)
	}
	return b.String()
}

const seedID = "syria-anti-isis-gamble"

func TestSearch(t *testing.T) {
	db := searchDB(t)
	type want struct {
		kind    argmap.SearchKind
		id      string
		snippet string // the hit's snippet contains it (case-insensitive)
	}
	tests := []struct {
		name  string
		query string
		kinds []argmap.SearchKind
		top   *want  // the first hit
		has   []want // hits somewhere in the answer
		// every hit of kind everyKind has everySnippet in its snippet
		everyKind    argmap.SearchKind
		everySnippet string
		minKind      int // at least this many hits of everyKind
	}{
		{name: "acronym", query: "hts",
			top: &want{argmap.SearchActor, "hts", "Hay’at Tahrir al-Sham (HTS)"},
			has: []want{{argmap.SearchActor, "hts-hardliners", "HTS"}, {argmap.SearchClaim, "second-text/oppose", "HTS opposes"}, {argmap.SearchDocument, seedID, "HTS"}}},
		{name: "straight apostrophe", query: "Hay'at Tahrir al-Sham",
			top: &want{argmap.SearchActor, "hts", "Hay’at Tahrir al-Sham"},
			has: []want{{argmap.SearchDocument, seedID, "Hay’at Tahrir al-Sham"}, {argmap.SearchDocument, "second-text", "Hayat Tahrir al-Sham"}}},
		{name: "curly apostrophe and unicode hyphen", query: "Hay’at Tahrir al\u2010Sham",
			top: &want{argmap.SearchActor, "hts", "Hay’at Tahrir al-Sham"}},
		{name: "upper case, no apostrophe", query: "HAYAT TAHRIR",
			top: &want{argmap.SearchActor, "hts", "Hay’at Tahrir al-Sham"}},
		{name: "alias with a possessive", query: "Syria's ruling party",
			top: &want{argmap.SearchActor, "hts", "Syria's ruling party"}},
		{name: "actor and claims", query: "muhajirun",
			top:       &want{argmap.SearchActor, "muhajirun", "Muhajirun"},
			has:       []want{{argmap.SearchClaim, seedID + "/factions-hostile", "muhajirun"}, {argmap.SearchDocument, seedID, "known as muhajirun"}},
			everyKind: argmap.SearchClaim, everySnippet: "muhajirun", minKind: 1},
		{name: "claims by a word", query: "legitimacy", kinds: []argmap.SearchKind{argmap.SearchClaim},
			has:       []want{{argmap.SearchClaim, seedID + "/opp-legitimacy", "long-sought international legitimacy"}},
			everyKind: argmap.SearchClaim, everySnippet: "legitimacy", minKind: 4},
		{name: "document phrase from the body", query: "1974 ceasefire agreement", kinds: []argmap.SearchKind{argmap.SearchDocument},
			top: &want{argmap.SearchDocument, seedID, "the 1974 ceasefire agreement"}},
		{name: "document by its title only", query: "second text", kinds: []argmap.SearchKind{argmap.SearchDocument},
			top: &want{argmap.SearchDocument, "second-text", "A second text"}},
		{name: "stemmed and possessive", query: "Syria risk", kinds: []argmap.SearchKind{argmap.SearchClaim, argmap.SearchDocument},
			has: []want{{argmap.SearchDocument, seedID, "Syria – are all real possibilities. Nor is the risk"}, {argmap.SearchClaim, seedID + "/split-risk", "risks"}}},
		{name: "all words rank above some", query: "absorbed into the national army",
			has: []want{{argmap.SearchClaim, "second-text/absorb", "absorbed into the national army"}, {argmap.SearchActor, "national-army", "national army"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := search(t, db, tt.query, tt.kinds, 20)
			check := func(w want, h argmap.SearchHit) {
				t.Helper()
				if !strings.Contains(strings.ToLower(h.Snippet), strings.ToLower(w.snippet)) {
					t.Errorf("%s %s: snippet %q lacks %q", h.Kind, h.ID, h.Snippet, w.snippet)
				}
			}
			if tt.top != nil {
				if len(hits) == 0 || hits[0].Kind != tt.top.kind || hits[0].ID != tt.top.id {
					t.Fatalf("first hit is not %s %s:%s", tt.top.kind, tt.top.id, describeHits(hits))
				}
				check(*tt.top, hits[0])
			}
			for _, w := range tt.has {
				h, ok := findHit(hits, w.kind, w.id)
				if !ok {
					t.Errorf("no hit %s %s:%s", w.kind, w.id, describeHits(hits))
					continue
				}
				check(w, h)
			}
			if tt.everyKind != "" {
				n := 0
				for _, h := range hits {
					if h.Kind == tt.everyKind {
						n++
						check(want{snippet: tt.everySnippet}, h)
					}
				}
				if n < tt.minKind {
					t.Errorf("%d hits of kind %s, want at least %d:%s", n, tt.everyKind, tt.minKind, describeHits(hits))
				}
			}
		})
	}
}

func TestSearch_ExactActorScore(t *testing.T) {
	db := searchDB(t)
	for _, q := range []string{"hts", "HTS", "the HTS", "Hayat Tahrir al Sham", "muhajirun", "foreign fighters"} {
		t.Run(q, func(t *testing.T) {
			hits := search(t, db, q, nil, 5)
			if len(hits) == 0 || hits[0].Kind != argmap.SearchActor || hits[0].Score != 1 {
				t.Fatalf("no exact actor hit with score 1 first:%s", describeHits(hits))
			}
			for _, h := range hits[1:] {
				if h.Score >= 1 {
					t.Errorf("%s %s scores %v, as much as the exact name", h.Kind, h.ID, h.Score)
				}
			}
		})
	}
	// The only hit of first = 1 is the exact match, even though another
	// actor (hts-hardliners) holds the word more often.
	if hits := search(t, db, "hts", []argmap.SearchKind{argmap.SearchActor}, 1); len(hits) != 1 || hits[0].ID != "hts" {
		t.Errorf("hts, first 1:%s", describeHits(hits))
	}
}

func TestSearch_DocumentSnippet(t *testing.T) {
	db := searchDB(t)
	for _, tt := range []struct{ query, around string }{
		{"ceasefire", "ceasefire"},
		{"Idlib French fighters", "Idlib"},
		{"pluralism", "pluralism"},
		{"People's Assembly", "People’s Assembly"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			hits := search(t, db, tt.query, []argmap.SearchKind{argmap.SearchDocument}, 5)
			h, ok := findHit(hits, argmap.SearchDocument, seedID)
			if !ok {
				t.Fatalf("no document hit:%s", describeHits(hits))
			}
			s := h.Snippet
			if !strings.Contains(s, tt.around) {
				t.Errorf("snippet %q lacks %q", s, tt.around)
			}
			if n := utf8.RuneCountInString(s); n < 100 || n > 210 {
				t.Errorf("snippet has %d characters: %q", n, s)
			}
			if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") {
				t.Errorf("snippet cut inside the text lacks …: %q", s)
			}
			// Cut at word boundaries: the words at both ends are words of the text.
			text := MustSeed(t).Document.Text
			inner := strings.TrimSuffix(strings.TrimPrefix(s, "…"), "…")
			if !strings.Contains(strings.Join(strings.Fields(text), " "), inner) {
				t.Errorf("snippet %q is not a piece of the text", s)
			}
			f := strings.Fields(inner)
			if !containsWord(text, f[0]) || !containsWord(text, f[len(f)-1]) {
				t.Errorf("snippet %q is not cut at word boundaries", s)
			}
		})
	}
}

// containsWord reports whether w occurs in text as a whole white-space
// separated word.
func containsWord(text, w string) bool {
	for _, f := range strings.Fields(text) {
		if f == w {
			return true
		}
	}
	return false
}

func TestSearch_HostileInput(t *testing.T) {
	db := searchDB(t)
	long := strings.Repeat("legitimacy (HTS) \"AND\" title:x ", 80)[:2000]
	for _, q := range []string{
		`"`, `""`, `"hts`, `AND`, `OR NOT`, `hts AND`, `title:x`, `text:hts`, `(`, `)`, `((hts)`, `*`, `hts*`, `?`, `~~~`, `hts~2`,
		`hts^10`, `[a TO z]`, `{}`, `!`, `&&`, `||`, `-hts`, `+hts`, `\`, `hts\`, `/regex/`, `a:b AND (c OR`, "\x00",
		"hts\u200b", "🙂", "السلام", `Hay'at "Tahrir`, long, strings.Repeat("(", 2000), strings.Repeat("a", 2000),
	} {
		t.Run(strings.ToValidUTF8(q[:min(len(q), 20)], "?"), func(t *testing.T) {
			search(t, db, q, nil, 10) // fails on any error
		})
	}
	// Operators are words: "hts AND" finds what "hts" finds (and actors
	// with "and" in their name), HTS first.
	hits := search(t, db, "hts AND", nil, 100)
	for _, h := range search(t, db, "hts", nil, 100) {
		if _, ok := findHit(hits, h.Kind, h.ID); !ok {
			t.Errorf("hts AND misses %s %s:%s", h.Kind, h.ID, describeHits(hits))
		}
	}
	if hits[0].ID != "hts" {
		t.Errorf("hts AND:%s", describeHits(hits))
	}
	if hits := search(t, db, long, nil, 10); len(hits) == 0 {
		t.Errorf("a long query of real words found nothing")
	}
}

func TestSearch_Validation(t *testing.T) {
	db := searchDB(t)
	for _, tt := range []struct {
		name, query string
		kinds       []argmap.SearchKind
		first       int
		field       string
	}{
		{"empty", "", nil, 10, "query"},
		{"white space", " \t\n ", nil, 10, "query"},
		{"first 0", "hts", nil, 0, "first"},
		{"first 101", "hts", nil, 101, "first"},
		{"first negative", "hts", nil, -1, "first"},
		{"unknown kind", "hts", []argmap.SearchKind{"RELATION"}, 10, "kinds"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := db.Statements()
			_, err := db.Search(context.Background(), tt.query, tt.kinds, tt.first)
			if argmap.ErrorCode(err) != argmap.EINVALID || argmap.ErrorField(err) != tt.field {
				t.Errorf("error = %v, want %s on %s", err, argmap.EINVALID, tt.field)
			}
			if n := db.Statements() - before; n != 0 {
				t.Errorf("%d statements for invalid input", n)
			}
		})
	}
	// Both bounds are valid.
	search(t, db, "hts", nil, 1)
	search(t, db, "hts", nil, 100)
}

func TestSearch_KindsAndFirst(t *testing.T) {
	db := searchDB(t)
	all := search(t, db, "HTS", nil, 100)
	count := map[argmap.SearchKind]int{}
	for _, h := range all {
		count[h.Kind]++
	}
	if count[argmap.SearchActor] == 0 || count[argmap.SearchClaim] == 0 || count[argmap.SearchDocument] == 0 {
		t.Fatalf("HTS should find all kinds:%s", describeHits(all))
	}
	for _, tt := range []struct {
		name  string
		kinds []argmap.SearchKind
	}{
		{"actors", []argmap.SearchKind{argmap.SearchActor}},
		{"claims", []argmap.SearchKind{argmap.SearchClaim}},
		{"documents", []argmap.SearchKind{argmap.SearchDocument}},
		{"actors and documents", []argmap.SearchKind{argmap.SearchDocument, argmap.SearchActor}},
		{"empty list is all", []argmap.SearchKind{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hits := search(t, db, "HTS", tt.kinds, 100)
			want := 0
			for k, n := range count {
				if len(tt.kinds) == 0 || containsKind(tt.kinds, k) {
					want += n
				}
			}
			if len(hits) != want {
				t.Errorf("%d hits, want %d:%s", len(hits), want, describeHits(hits))
			}
		})
	}
	for _, first := range []int{1, 2, 3} {
		hits := search(t, db, "HTS", nil, first)
		if len(hits) != first {
			t.Errorf("first %d: %d hits", first, len(hits))
		}
		for i := range hits {
			if hits[i].Kind != all[i].Kind || hits[i].ID != all[i].ID {
				t.Errorf("first %d: hit %d is %s %s, want %s %s", first, i, hits[i].Kind, hits[i].ID, all[i].Kind, all[i].ID)
			}
		}
	}
	// A query without words finds nothing, without asking the database.
	before := db.Statements()
	if hits := search(t, db, "(*)", nil, 10); len(hits) != 0 {
		t.Errorf("(*):%s", describeHits(hits))
	}
	if n := db.Statements() - before; n != 0 {
		t.Errorf("a query without words ran %d statements", n)
	}
}

// TestSearch_SeesReload checks that the indexes follow an import: a claim
// text changed by a reload is found by its new words, not its old ones.
func TestSearch_SeesReload(t *testing.T) {
	db := searchDB(t)
	m := secondDocument()
	m.Claims[0].Text = "The SDF may be merged into the national army (zanzibar)."
	MustImport(t, db, m)
	neo4jtest.Run(t, neo4jtest.Driver(t), "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()", nil)
	if hits := search(t, db, "zanzibar", nil, 10); len(hits) != 1 || hits[0].ID != "second-text/absorb" {
		t.Errorf("zanzibar:%s", describeHits(hits))
	}
	if _, ok := findHit(search(t, db, "absorbed", []argmap.SearchKind{argmap.SearchClaim}, 10), argmap.SearchClaim, "second-text/absorb"); ok {
		t.Errorf("the old claim text is still found")
	}
}

func TestSearch_ActorSnippet(t *testing.T) {
	db := searchDB(t)
	for _, tt := range []struct{ query, id, snippet string }{
		{"hts", "hts", "Hay’at Tahrir al-Sham (HTS)"},
		{"HAYAT TAHRIR", "hts", "Hay’at Tahrir al-Sham"},
		{"Syria’s ruling party", "hts", "Hay’at Tahrir al-Sham (Syria's ruling party)"},
		{"muhajirun", "muhajirun", "Muhajirun (foreign fighter groups)"},
		{"Damascus", "syrian-government", "Syrian transitional government (Damascus)"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			hits := search(t, db, tt.query, []argmap.SearchKind{argmap.SearchActor}, 5)
			if h, ok := findHit(hits, argmap.SearchActor, tt.id); !ok || h.Snippet != tt.snippet {
				t.Errorf("want %s with snippet %q:%s", tt.id, tt.snippet, describeHits(hits))
			}
		})
	}
}

// TestSearchConcurrent runs searches with accented and curly-apostrophe
// words from many goroutines: the folding must keep no shared state (a
// shared transform once made concurrent searches panic).
func TestSearchConcurrent(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	MustImport(t, db, MustSeed(t))
	queries := []string{"Hay’at Tahrir al-Sham", "Şam légitimité", "al‐Sharaa’s coalition", "muhajirun"}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				if _, err := db.Search(context.Background(), queries[(g+i)%len(queries)], nil, 10); err != nil {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
