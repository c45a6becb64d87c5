package textsearch

import (
	"cmp"
	"slices"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

const (
	// ExactScore is the score of an actor whose name is the query.
	ExactScore = 1.0
	// FuzzyScore is the best score of an actor found only under another
	// spelling of its name (Row.Fuzzy): below the 0.95 of an actor one of
	// whose names holds every word of the query, so that a name matched as
	// written always ranks above one matched as it sounds.
	FuzzyScore = 0.9
)

// Row is one hit an index found, before ranking.
type Row struct {
	Kind argmap.SearchKind
	ID   string
	// Exact: an actor found by an exact key (one of its folded names or
	// aliases is the folded query).
	Exact bool
	// Fuzzy: an actor found by the transliteration keys of its names
	// (TranslitKey), perhaps misspelt; Rank keeps it only when FuzzyMatch
	// confirms it.
	Fuzzy bool
	// Score is the index's score (Lucene's; 0 for an exact key).
	Score             float64
	Name, Title, Text string
	Aliases, Keys     []string
	// The object found, as the API shows it.
	Actor    *argmap.Actor
	Claim    *argmap.Claim
	Document *argmap.Document
}

// coverage is the share of the query words found among the text words,
// at least 1/len(query) (Lucene found the hit, so something matched).
func coverage(query []string, text []word, stem bool) float64 {
	if len(query) == 0 {
		return 1
	}
	found := 0
	for _, w := range query {
		if slices.ContainsFunc(text, func(t word) bool { return matches(t.norm, w, stem) }) {
			found++
		}
	}
	return float64(max(found, 1)) / float64(len(query))
}

// actorScore scores an actor the full-text index found (not by an exact
// key); relevance is its Lucene score relative to the best actor's. Words
// are compared exactly (the actor index does not stem), and a stop word of
// the query counts only when the actor has it: its index keeps stop words,
// so "hts and" is about HTS while "IS" names the Islamic State.
//
// When one name or alias holds every word of the query, the actor is what
// the researcher named: it scores above every hit of another kind (0.95
// plus up to 0.04 for the share of that name the query covers). Otherwise
// it scores like claims and documents, with the share of the best-matching
// name's words the query covers as half its relevance.
func actorScore(query []string, keys []string, relevance float64) float64 {
	var all []string
	names := make([][]string, len(keys))
	for i, k := range keys {
		names[i] = dedupe(wordsOf(k))
		all = append(all, names[i]...)
	}
	var content []string
	for _, w := range query {
		if !englishStopWords[w] || slices.Contains(all, w) {
			content = append(content, w)
		}
	}
	if len(content) == 0 {
		return 0.5 * 0.5 * relevance
	}
	// named: the best share of a name holding every query word (-1: none);
	// fit: the best share of any name.
	named, fit := -1.0, 0.0
	for _, ws := range names {
		held := 0
		for _, w := range ws {
			if slices.Contains(content, w) {
				held++
			}
		}
		if len(ws) == 0 {
			continue
		}
		share := float64(held) / float64(len(ws))
		fit = max(fit, share)
		if held == len(content) {
			named = max(named, share)
		}
	}
	if named >= 0 {
		return 0.95 + 0.04*named
	}
	found := 0
	for _, w := range content {
		if slices.Contains(all, w) {
			found++
		}
	}
	coverage := float64(max(found, 1)) / float64(len(content))
	return coverage * (0.5 + 0.45*(fit+relevance)/2)
}

// Rank merges rows into scored hits, best first, at most first. Scores are
// in (0, 1]; ties go actors, claims, documents, then by id.
func Rank(q Query, rows []Row, first int) []argmap.SearchHit {
	// An actor may come twice: by its exact key and from the index.
	type actor struct {
		row   Row
		exact bool
		score float64
	}
	actors := map[string]*actor{}
	best := map[argmap.SearchKind]float64{}
	var others, fuzzy []Row
	var actorOrder []string
	for _, r := range rows {
		if r.Fuzzy {
			fuzzy = append(fuzzy, r)
			continue
		}
		if !r.Exact {
			best[r.Kind] = max(best[r.Kind], r.Score)
		}
		if r.Kind != argmap.SearchActor {
			others = append(others, r)
			continue
		}
		a := actors[r.ID]
		if a == nil {
			a = &actor{row: r}
			actors[r.ID] = a
			actorOrder = append(actorOrder, r.ID)
		}
		a.exact = a.exact || r.Exact
		a.score = max(a.score, r.Score)
	}
	relative := func(kind argmap.SearchKind, score float64) float64 {
		if best[kind] <= 0 {
			return 0
		}
		return score / best[kind]
	}

	hits := make([]argmap.SearchHit, 0, len(rows))
	for _, id := range actorOrder {
		a := actors[id]
		h := argmap.SearchHit{Kind: argmap.SearchActor, ID: id, Snippet: actorSnippet(q, a.row, a.exact), Actor: a.row.Actor}
		if a.exact {
			h.Score = ExactScore
		} else {
			h.Score = actorScore(q.ActorWords, a.row.Keys, relative(argmap.SearchActor, a.score))
		}
		hits = append(hits, h)
	}
	// Actors found only under another spelling. One found as spelt too
	// keeps the better of its two scores.
	for _, r := range fuzzy {
		sim, display := fuzzyName(q, r)
		if sim <= 0 {
			continue
		}
		snippet := r.Name
		if display != r.Name {
			snippet += " (" + display + ")"
		}
		if i := slices.IndexFunc(hits, func(h argmap.SearchHit) bool { return h.ID == r.ID }); i >= 0 {
			if hits[i].Score < FuzzyScore*sim {
				hits[i].Score, hits[i].Snippet = FuzzyScore*sim, snippet
			}
			continue
		}
		hits = append(hits, argmap.SearchHit{Kind: argmap.SearchActor, ID: r.ID, Score: FuzzyScore * sim, Snippet: snippet, Actor: r.Actor})
	}
	for _, r := range others {
		h := argmap.SearchHit{Kind: r.Kind, ID: r.ID, Claim: r.Claim, Document: r.Document}
		text := []rune(r.Text)
		words := wordsAt(text)
		if r.Kind == argmap.SearchClaim {
			h.Snippet = r.Text
		} else {
			h.Snippet = documentSnippet(q.TextWords, text, words, r.Title)
			words = append(words, wordsAt([]rune(r.Title))...)
		}
		h.Score = coverage(q.TextWords, words, true) * (0.5 + 0.45*relative(r.Kind, r.Score))
		hits = append(hits, h)
	}

	kindOrder := map[argmap.SearchKind]int{argmap.SearchActor: 0, argmap.SearchClaim: 1, argmap.SearchDocument: 2}
	slices.SortFunc(hits, func(a, b argmap.SearchHit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), cmp.Compare(a.ID, b.ID))
	})
	return hits[:min(len(hits), first)]
}

// fuzzyName is the best FuzzyMatch of the query among the actor's keys (0
// when none matches), and the name or alias to show for it, as
// actorSnippet picks them: the name when it holds every word of the query,
// else the best-matching alias, else the name.
func fuzzyName(q Query, r Row) (float64, string) {
	query := strings.Join(q.TranslitWords, " ")
	best := 0.0
	for _, k := range r.Keys {
		if sim, ok := FuzzyMatch(query, TranslitKey(k)); ok {
			best = max(best, sim)
		}
	}
	if _, ok := FuzzyMatch(query, TranslitKey(argmap.FoldName(r.Name))); ok {
		return best, r.Name
	}
	display, shown := r.Name, 0.0
	for _, n := range r.Aliases {
		if sim, ok := FuzzyMatch(query, TranslitKey(argmap.FoldName(n))); ok && sim > shown {
			display, shown = n, sim
		}
	}
	return best, display
}
