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
