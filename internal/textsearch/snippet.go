package textsearch

import (
	"slices"
	"strings"
	"unicode"

	"github.com/argmap/argmap/internal/argmap"
)

// snippetRunes is the length of a document snippet, in code points.
const snippetRunes = 160

// actorSnippet is the actor's name, followed by an alias in brackets when
// the match came from the alias rather than the name: "Hay’at Tahrir
// al-Sham (HTS)" for "hts", but just "Muhajirun (foreign fighter groups)"
// for "muhajirun", although "muhajirun" is an alias too.
func actorSnippet(q Query, r Row, exact bool) string {
	score := func(s string) float64 {
		return coverage0(q.ActorWords, wordsAt([]rune(argmap.FoldName(s))))
	}
	nameScore := score(r.Name)
	if nameScore == 1 {
		return r.Name
	}
	if exact {
		for _, a := range r.Aliases {
			if argmap.FoldName(a) == q.Key {
				return r.Name + " (" + a + ")"
			}
		}
	}
	alias, aliasScore := "", 0.0
	for _, a := range r.Aliases {
		if s := score(a); s > aliasScore {
			alias, aliasScore = a, s
		}
	}
	if aliasScore > nameScore {
		return r.Name + " (" + alias + ")"
	}
	// The match came from the name or from a name that another document
	// gives the actor (keys keep every document's names).
	return r.Name
}

// coverage0 is coverage without the floor: 0 when no word matches.
func coverage0(query []string, text []word) float64 {
	found := 0
	for _, w := range query {
		if slices.ContainsFunc(text, func(t word) bool { return t.norm == w }) {
			found++
		}
	}
	return float64(found) / float64(max(len(query), 1))
}

// documentSnippet returns about snippetRunes code points of text around
// the first occurrence of a query word, cut at word boundaries and marked
// "…" where cut; the title when no query word occurs in the text. Words are
// the same word, or when none occurs, a word of the same stem. Of several
// query words, the snippet starts at the first occurrence after which the
// most of them follow within the snippet ("Idlib French fighters" shows
// where all three stand together).
func documentSnippet(query []string, text []rune, words []word, title string) string {
	type hit struct{ at, q int }
	var hits []hit
	for _, stem := range []bool{false, true} {
		for _, w := range words {
			for i, q := range query {
				if matches(w.norm, q, stem) {
					hits = append(hits, hit{w.start, i})
					break
				}
			}
		}
		if len(hits) > 0 {
			break
		}
	}
	if len(hits) == 0 {
		return title
	}
	at, most := hits[0].at, 0
	for i, h := range hits {
		seen := map[int]bool{}
		for _, g := range hits[i:] {
			if g.at-h.at > snippetRunes*2/3 {
				break
			}
			seen[g.q] = true
		}
		if len(seen) > most {
			at, most = h.at, len(seen)
		}
	}
	return window(text, at, snippetRunes)
}

// window returns about size code points of text with position at in its
// first third, cut at white space so that no word is split, white space
// collapsed, with "…" where the text goes on.
func window(text []rune, at, size int) string {
	end := min(len(text), max(0, at-size/3)+size)
	start := max(0, end-size)
	for start > 0 && start < at && !unicode.IsSpace(text[start-1]) {
		start++
	}
	for end < len(text) && end > at+1 && !unicode.IsSpace(text[end]) {
		end--
	}
	s := strings.Join(strings.Fields(string(text[start:end])), " ")
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}
