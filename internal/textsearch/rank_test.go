package textsearch_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/textsearch"
)

func TestParse(t *testing.T) {
	q := textsearch.Parse("The Hay’at  Tahrir al-Sham (*) and the")
	if q.Key != "hayat tahrir al sham * and the" {
		t.Errorf("Key = %q", q.Key)
	}
	if want := []string{"hayat", "tahrir", "al", "sham", "and", "the"}; strings.Join(q.ActorWords, " ") != strings.Join(want, " ") {
		t.Errorf("ActorWords = %q", q.ActorWords)
	}
	// Stop words leave the text words; "(*)" is no piece.
	if got := strings.Join(q.TextWords, " "); got != "hayat tahrir al sham" {
		t.Errorf("TextWords = %q", got)
	}
	if got := strings.Join(q.TextPieces, "|"); got != "The|Hay’at|Tahrir|al-Sham|and|the" {
		t.Errorf("TextPieces = %q", got)
	}
	long := textsearch.Parse(strings.Repeat("w", 5000) + " x")
	if n := utf8.RuneCountInString(long.Key); n != textsearch.MaxQueryRunes {
		t.Errorf("a long query keeps %d code points", n)
	}
	many := textsearch.Parse(strings.Repeat("a b c d e f g h i j ", 10))
	if len(many.TextPieces) > textsearch.MaxQueryPieces {
		t.Errorf("%d pieces", len(many.TextPieces))
	}
}

func TestRank(t *testing.T) {
	hts := &argmap.Actor{ID: "hts", Name: "Hay’at Tahrir al-Sham", Aliases: []string{"HTS"}}
	wing := &argmap.Actor{ID: "hts-wing", Name: "HTS pragmatic wing"}
	text := strings.Repeat("Nothing here. ", 30) + "HTS took Damascus in December, " + strings.Repeat("and more words follow. ", 30)
	rows := []textsearch.Row{
		{Kind: argmap.SearchDocument, ID: "doc", Score: 3, Title: "A title", Text: text, Document: &argmap.Document{ID: "doc"}},
		{Kind: argmap.SearchActor, ID: "hts-wing", Score: 2, Name: wing.Name, Keys: []string{"hts pragmatic wing"}, Actor: wing},
		{Kind: argmap.SearchActor, ID: "hts", Score: 1, Name: hts.Name, Aliases: hts.Aliases, Keys: []string{"hayat tahrir al sham", "hts"}, Actor: hts},
		{Kind: argmap.SearchActor, ID: "hts", Exact: true, Name: hts.Name, Aliases: hts.Aliases, Keys: []string{"hayat tahrir al sham", "hts"}, Actor: hts},
		{Kind: argmap.SearchClaim, ID: "c", Score: 1, Text: "HTS rules.", Claim: &argmap.Claim{ID: "c"}},
	}
	hits := textsearch.Rank(textsearch.Parse("hts"), rows, 10)
	if len(hits) != 4 {
		t.Fatalf("%d hits, want 4 (the exact and full-text rows of hts are one hit)", len(hits))
	}
	if hits[0].ID != "hts" || hits[0].Score != textsearch.ExactScore || hits[0].Snippet != "Hay’at Tahrir al-Sham (HTS)" {
		t.Errorf("first hit %+v", hits[0])
	}
	for i, h := range hits {
		if h.Score <= 0 || h.Score > 1 || i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("hit %d %s: score %v", i, h.ID, h.Score)
		}
	}
	var doc argmap.SearchHit
	for _, h := range hits {
		if h.ID == "doc" {
			doc = h
		}
	}
	if !strings.Contains(doc.Snippet, "HTS took Damascus") || !strings.HasPrefix(doc.Snippet, "…") || !strings.HasSuffix(doc.Snippet, "…") {
		t.Errorf("document snippet %q", doc.Snippet)
	}
	if got := textsearch.Rank(textsearch.Parse("hts"), rows, 2); len(got) != 2 || got[0].ID != "hts" {
		t.Errorf("first 2: %+v", got)
	}
}

// Fuzzy rows: kept only when FuzzyMatch confirms them, scored at most
// FuzzyScore, so below an actor named as typed; an actor found both ways
// keeps the better score.
func TestRank_Fuzzy(t *testing.T) {
	actor := func(id, name string, aliases ...string) textsearch.Row {
		a := &argmap.Actor{ID: id, Name: name, Aliases: aliases}
		return textsearch.Row{Kind: argmap.SearchActor, ID: id, Score: 1, Name: name, Aliases: aliases, Keys: a.Keys(), Actor: a}
	}
	fuzzy := func(r textsearch.Row) textsearch.Row { r.Fuzzy = true; return r }
	muhajirun := actor("muhajirun", "Muhajirun (foreign fighter groups)", "muhajirun", "foreign fighters")
	migrants := actor("migrants", "Muhajireen brigade")
	syria := actor("syria", "Syria")
	q := textsearch.Parse("muhajireen")
	hits := textsearch.Rank(q, []textsearch.Row{migrants, fuzzy(muhajirun), fuzzy(syria), fuzzy(migrants)}, 10)
	if len(hits) != 2 || hits[0].ID != "migrants" || hits[1].ID != "muhajirun" {
		t.Fatalf("hits %+v", hits)
	}
	if hits[0].Score < 0.95 || hits[1].Score > textsearch.FuzzyScore || hits[1].Score >= hits[0].Score {
		t.Errorf("scores: named %v, fuzzy %v", hits[0].Score, hits[1].Score)
	}
	if hits[1].Snippet != "Muhajirun (foreign fighter groups)" {
		t.Errorf("fuzzy snippet %q", hits[1].Snippet)
	}
	// Found as spelt with one word of three, and fuzzily with all: the
	// better score stands.
	hts := actor("hts", "Hay’at Tahrir al-Sham", "HTS")
	q = textsearch.Parse("Haiat Tahrir al-Cham")
	partial := textsearch.Rank(q, []textsearch.Row{hts}, 10)
	both := textsearch.Rank(q, []textsearch.Row{hts, fuzzy(hts)}, 10)
	if len(both) != 1 || both[0].Score <= partial[0].Score || both[0].Score > textsearch.FuzzyScore {
		t.Errorf("hts: as spelt %v, both ways %+v", partial[0].Score, both)
	}
	// An alias that sounds like the query is shown when the name does not.
	if hits := textsearch.Rank(textsearch.Parse("Daech"), []textsearch.Row{fuzzy(actor("isis", "Islamic State (ISIS)", "ISIS", "Daesh"))}, 10); len(hits) != 1 || hits[0].Snippet != "Islamic State (ISIS) (Daesh)" {
		t.Errorf("Daech: %+v", hits)
	}
}
