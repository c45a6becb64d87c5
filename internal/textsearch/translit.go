package textsearch

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Arabic (and Persian, Turkish, Kurdish) names reach English and French
// texts in many spellings: "Muhajirun", "Muhajireen", "Mouhajiroun";
// "al-Sharaa", "al-Shara'a", "al-Charaa"; "Hay'at", "Hayat", "Haiat".
// TranslitKey reduces a folded name (argmap.FoldName, which already drops
// case, diacritics and apostrophes, so hamza and ayn) to a key that most of
// these spellings share:
//
//  1. digraphs become one letter, in this order, each over the whole
//     string: sch, tch, ch, sh → x (French "ch" is English "sh"; x, as in
//     pinyin, keeps "Sham" apart from "Sam" and "Sharaa" from "Syria");
//     kh → k; gh → g; dh → z; th → t; ph → f; dj → j; ck, q, c → k;
//  2. every vowel (a e i o u, and y or w inside a word) becomes "a";
//  3. a run of the same letter becomes one ("ee", "aa", "ss", "ll");
//  4. "ah" at the end of a word loses its h ("Hamzah", "Hamza");
//  5. an article (al, el, ul, as-, ash-, ad-, an-, ar-, at-, az-: after
//     steps 1–4 one of TranslitArticles) is dropped before another word.
//
// So "Muhajireen", "muhajirin" and "Mouhajiroun" all give "mahajaran",
// "al-Charaa" and "Ahmad al-Shara'a" give "xara" and "ahmad xara", and
// "Haiat Tahrir al-Cham" gives "hat tahrar xam", HTS's key.
//
// neo4j.cypherTranslitText computes the same keys in Cypher (stored in
// Actor.translitText): a change here needs the same change there and a
// migration that recomputes the stored keys.
func TranslitKey(folded string) string {
	s := folded
	for _, d := range TranslitDigraphs {
		s = strings.ReplaceAll(s, d[0], d[1])
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i, r := range rs {
		if strings.ContainsRune("aeiou", r) || (r == 'y' || r == 'w') && i > 0 && rs[i-1] != ' ' {
			r = 'a'
		}
		if len(out) > 0 && out[len(out)-1] == r {
			continue
		}
		out = append(out, r)
	}
	words := strings.Split(string(out), " ")
	kept := make([]string, 0, len(words))
	for i, w := range words {
		if strings.HasSuffix(w, "ah") {
			w = w[:len(w)-1]
		}
		if i < len(words)-1 && slices.Contains(TranslitArticles, w) {
			continue
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

// TranslitDigraphs are the replacements of TranslitKey's first step, in
// order.
var TranslitDigraphs = [][2]string{
	{"sch", "x"}, {"tch", "x"}, {"ch", "x"}, {"sh", "x"}, {"kh", "k"}, {"gh", "g"},
	{"dh", "z"}, {"th", "t"}, {"ph", "f"}, {"dj", "j"}, {"ck", "k"}, {"q", "k"}, {"c", "k"},
}

// TranslitArticles are the forms the Arabic article takes after TranslitKey's
// first four steps.
var TranslitArticles = []string{"al", "as", "ax", "ad", "an", "ar", "at", "az"}

// TranslitText is the string the store keeps of an actor's keys for fuzzy
// lookups: after a leading newline, each distinct non-empty TranslitKey of
// keys as " key \n", so that a whitespace analyzer's terms are the words of
// the keys.
func TranslitText(keys []string) string {
	var b strings.Builder
	b.WriteByte('\n')
	for _, k := range keys {
		t := TranslitKey(k)
		if t == "" || strings.Contains(b.String(), "\n "+t+" \n") {
			continue
		}
		b.WriteString(" " + t + " \n")
	}
	return b.String()
}

// MaxEdits is how many edits (insertions, deletions, substitutions,
// transpositions of neighbours) a word of a transliteration key may be from
// the word it matches: none up to 4 letters (keys are short: "hts" is not
// "has", "xara" (Sharaa) not "sara" (Syria)), 1 up to 7, 2 from 8
// ("majaharan", Mujahirun, for "mahajaran", Muhajirun).
func MaxEdits(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n <= 4:
		return 0
	case n <= 7:
		return 1
	default:
		return 2
	}
}

// EditDistance is the optimal string alignment distance of a and b
// (Levenshtein with transpositions of neighbours), the distance Lucene's
// fuzzy queries use.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: the two previous ones for transpositions.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// FuzzyMatch compares the transliteration key of a query with one of a
// name: ok when every word of the query is within MaxEdits of a word of the
// name that begins with the same letter (a misspelling seldom changes the
// first letter; "Ahrar" is not "Tahrir"); similarity, in (0, 1], is 1 less the edits per letter of the query,
// times (3 + share of the name's words matched) / 4, so that a query naming
// the whole name beats one naming a part.
func FuzzyMatch(query, name string) (similarity float64, ok bool) {
	qs, ns := strings.Fields(query), strings.Fields(name)
	if len(qs) == 0 || len(ns) == 0 {
		return 0, false
	}
	edits, letters := 0, 0
	used := make([]bool, len(ns))
	for _, q := range qs {
		best, at := -1, -1
		for j, n := range ns {
			if d := EditDistance(q, n); d <= MaxEdits(q) && (best < 0 || d < best) && (d == 0 || firstRune(q) == firstRune(n)) {
				best, at = d, j
			}
		}
		if at < 0 {
			return 0, false
		}
		used[at] = true
		edits += best
		letters += utf8.RuneCountInString(q)
	}
	matched := 0
	for _, u := range used {
		if u {
			matched++
		}
	}
	sim := (1 - float64(edits)/float64(max(letters, 1))) * (3 + float64(matched)/float64(len(ns))) / 4
	return sim, sim > 0
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
