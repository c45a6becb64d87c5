package textsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
)

// word is a word of a text at code point offsets [start, end).
type word struct {
	start, end int
	norm       string
}

// isWordRune reports letters, digits and combining marks.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// wordsAt cuts text into words: runs of letters, digits and marks, with an
// apostrophe inside a word kept in it ("Hay’at"). Offsets are in code points.
func wordsAt(text []rune) []word {
	var out []word
	for i := 0; i < len(text); {
		if !isWordRune(text[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && (isWordRune(text[j]) || argmap.IsApostrophe(text[j]) && j+1 < len(text) && isWordRune(text[j+1])) {
			j++
		}
		if n := asciiWord(text[i:j]); n != "" {
			out = append(out, word{start: i, end: j, norm: n})
		} else if n := normWord(string(text[i:j])); n != "" {
			out = append(out, word{start: i, end: j, norm: n})
		}
		i = j
	}
	return out
}

// asciiWord is normWord of a word of ASCII letters and digits only (most
// words of most texts), without normWord's passes and allocations; "" for
// any other word.
func asciiWord(w []rune) string {
	b := make([]byte, len(w))
	for i, r := range w {
		switch {
		case 'A' <= r && r <= 'Z':
			b[i] = byte(r) + 'a' - 'A'
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b[i] = byte(r)
		default:
			return ""
		}
	}
	return string(b)
}

// wordsOf returns the normalized words of s.
func wordsOf(s string) []string {
	var out []string
	for _, w := range wordsAt([]rune(s)) {
		out = append(out, w.norm)
	}
	return out
}

// normWord reduces a word to what matching compares: lower case, no
// diacritics, no possessive "’s", no apostrophes.
func normWord(w string) string {
	w = strings.ToLower(w)
	if n := len(w); n > 2 && w[n-1] == 's' {
		if r, size := utf8.DecodeLastRuneInString(w[:n-1]); argmap.IsApostrophe(r) {
			w = w[:n-1-size]
		}
	}
	// Apostrophes go before diacritics: most words are then plain ASCII,
	// which StripDiacritics passes through without its costly transform.
	return argmap.StripDiacritics(strings.Map(func(r rune) rune {
		if argmap.IsApostrophe(r) {
			return -1
		}
		return r
	}, w))
}

// stemPrefix approximates what the english analyzer's stemmer keeps of a
// word: the word without its last three letters, but at least four.
func stemPrefix(w string) string {
	r := []rune(w)
	if len(r) <= 4 {
		return w
	}
	return string(r[:max(4, len(r)-3)])
}

// matches reports whether text word t is query word w: the same word, or,
// when stem, a word of the same stem ("risks" for "risk").
func matches(t, w string, stem bool) bool {
	if t == w {
		return true
	}
	return stem && strings.HasPrefix(t, stemPrefix(w)) && utf8.RuneCountInString(w) > 3
}
