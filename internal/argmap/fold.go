package argmap

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FoldName reduces an actor name or alias to the key it is matched by, so
// that typographic variants find the same actor: "Hay’at Tahrir al-Sham",
// "Hayat Tahrir al‐Sham" and "HAY'AT TAHRIR AL SHAM" all fold to
// "hayat tahrir al sham", and "the SDF" to "sdf".
//
// It folds case, removes diacritics and apostrophes (straight, curly,
// modifier letters, backticks), treats hyphens, dashes, underscores,
// brackets and quotation marks as spaces ("Islamic State (ISIS)" folds to
// "islamic state isis"),
// collapses whitespace, trims surrounding punctuation, and drops a leading
// "the".
func FoldName(s string) string {
	s = StripDiacritics(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case IsApostrophe(r):
			// dropped: "Hay'at" and "Hayat" are the same name
		case unicode.Is(unicode.Pd, r) || r == '\u2212' || r == '_' || isBracketOrQuote(r):
			b.WriteRune(' ')
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	trim := func(s string) string {
		return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
	}
	f := trim(strings.Join(strings.Fields(b.String()), " "))
	if rest, ok := strings.CutPrefix(f, "the "); ok {
		// Trim again: in `the "Islamic State"` the quote follows "the".
		f = trim(rest)
	}
	return f
}

// StripDiacritics removes combining marks: "Şām" becomes "Sam".
func StripDiacritics(s string) string {
	if isASCII(s) {
		return s // nothing to strip; the common case, and the transform is costly
	}
	// A transform.Chain keeps state between calls, so each call builds its
	// own: a shared one breaks under concurrent requests.
	out, _, _ := transform.String(transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	return out
}

// IsApostrophe reports the characters that texts use as apostrophes:
// straight, curly, modifier letters, backticks, accents and primes.
func IsApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u201B', '\u02BC', '\u02BB', '\u02BE', '\u02BF', '`', '\u00B4', '\u2032':
		return true
	}
	return false
}

// isBracketOrQuote reports brackets and quotation marks, which separate
// words in a name but are not part of it.
func isBracketOrQuote(r rune) bool {
	return r == '"' || unicode.In(r, unicode.Ps, unicode.Pe, unicode.Pi, unicode.Pf)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
