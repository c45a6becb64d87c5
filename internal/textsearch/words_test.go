package textsearch

import (
	"slices"
	"testing"
)

// asciiWord is a fast path of normWord: it must agree with it on every word
// it takes, and take no word it would get wrong.
func TestASCIIWordAgreesWithNormWord(t *testing.T) {
	for _, w := range []string{"Syria", "HTS", "isis", "2025", "Al2", "Hay'at", "Hay’at", "Syria’s", "Şām", "naïve", "x"} {
		r := []rune(w)
		if got := asciiWord(r); got != "" && got != normWord(w) {
			t.Errorf("asciiWord(%q) = %q, normWord = %q", w, got, normWord(w))
		}
	}
	text := []rune("Syria’s HTS and Hay'at Tahrir al-Sham (2025): naïve Şām")
	var got []string
	for _, w := range wordsAt(text) {
		got = append(got, w.norm)
	}
	want := []string{"syria", "hts", "and", "hayat", "tahrir", "al", "sham", "2025", "naive", "sam"}
	if !slices.Equal(got, want) {
		t.Errorf("wordsAt: %q, want %q", got, want)
	}
}
