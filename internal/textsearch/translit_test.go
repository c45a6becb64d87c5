package textsearch_test

import (
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/textsearch"
)

func TestTranslitKey(t *testing.T) {
	for _, tt := range []struct {
		key   string
		names []string
	}{
		{"mahajaran", []string{"muhajirun", "Muhajireen", "muhajirin", "Mouhajiroun", "al-Muhajirin", "MUHAJIRUN"}},
		{"xara", []string{"al-Sharaa", "al-Shara'a", "al-Charaa", "Sharaa", "ash-Shara", "al-Shara’a", "el-Charaa"}},
		{"ahmad xara", []string{"Ahmad al-Sharaa", "Ahmed al-Shara'a", "Ahmed el-Charaa"}},
		{"hat tahrar xam", []string{"Hay’at Tahrir al-Sham", "Hayat Tahrir al-Sham", "Haiat Tahrir al-Cham", "Hayaat Tahrir ash-Sham", "Hay'at Tahreer al-Shaam"}},
		{"hat", []string{"Hayat", "Hay'at", "Haiat", "HAY’AT"}},
		{"kada", []string{"al-Qaeda", "al-Qaida", "al-Kaida", "Al Qa'ida"}},
		{"hazbala", []string{"Hezbollah", "Hizbullah", "Hizballah", "Hezbolla"}},
		{"asad", []string{"Assad", "al-Assad", "Asad"}},
		{"hts", []string{"HTS", "the HTS"}},
		{"sdf", []string{"SDF"}},
		{"", []string{""}},
	} {
		for _, n := range tt.names {
			if got := textsearch.TranslitKey(argmap.FoldName(n)); got != tt.key {
				t.Errorf("TranslitKey(FoldName(%q)) = %q, want %q", n, got, tt.key)
			}
		}
	}
	// Apart stay apart: different names, different keys.
	for _, pair := range [][2]string{{"hts", "has"}, {"isis", "syria"}, {"sham", "sharaa"}, {"syria", "sharaa"}, {"sham", "sam"}, {"idlib", "israel"}} {
		if a, b := textsearch.TranslitKey(pair[0]), textsearch.TranslitKey(pair[1]); a == b {
			t.Errorf("%q and %q share the key %q", pair[0], pair[1], a)
		}
	}
	// An article alone is a name, not an article.
	if got := textsearch.TranslitKey("al"); got != "al" {
		t.Errorf("TranslitKey(al) = %q", got)
	}
}

func TestTranslitText(t *testing.T) {
	got := textsearch.TranslitText([]string{"hayat tahrir al sham", "hts", "haiat tahrir al cham", ""})
	if want := "\n hat tahrar xam \n hts \n"; got != want {
		t.Errorf("TranslitText = %q, want %q", got, want)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"sara", "sara", 0}, {"sara", "sar", 1},
		{"mahajaran", "majaharan", 2}, {"ab", "ba", 1}, {"kitten", "sitting", 3}, {"hts", "sdf", 3}, {"ثورة", "ثوره", 1},
	} {
		if got := textsearch.EditDistance(tt.a, tt.b); got != tt.d {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
		if got := textsearch.EditDistance(tt.b, tt.a); got != tt.d {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.d)
		}
	}
}

func TestFuzzyMatch(t *testing.T) {
	key := func(s string) string { return textsearch.TranslitKey(argmap.FoldName(s)) }
	for _, tt := range []struct {
		query, name string
		ok          bool
	}{
		{"muhajireen", "Muhajirun", true},
		{"mujahirun", "Muhajirun", true}, // two letters swapped across a vowel: 2 edits
		{"muhajrin", "Muhajirun", true},  // a letter missing
		{"hts", "has", false},            // short words must match exactly
		{"Tahrir", "Hay’at Tahrir al-Sham", true},
		{"Tahrir Damascus", "Hay’at Tahrir al-Sham", false}, // every query word must match
		{"Ahrar al-Sham", "Hay’at Tahrir al-Sham", false},   // the first letter differs
		{"al-Charaa", "Syria", false},
		{"sdf", "Syrian Democratic Forces", false},
	} {
		sim, ok := textsearch.FuzzyMatch(key(tt.query), key(tt.name))
		if ok != tt.ok || ok && (sim <= 0 || sim > 1) {
			t.Errorf("FuzzyMatch(%q, %q) = %v, %v; want ok %v", tt.query, tt.name, sim, ok, tt.ok)
		}
	}
	whole, _ := textsearch.FuzzyMatch(key("Haiat Tahrir al-Cham"), key("Hay’at Tahrir al-Sham"))
	part, _ := textsearch.FuzzyMatch(key("Tahrir"), key("Hay’at Tahrir al-Sham"))
	typo, _ := textsearch.FuzzyMatch(key("Haiat Tahrif al-Cham"), key("Hay’at Tahrir al-Sham"))
	if !(whole == 1 && part < whole && typo < whole) {
		t.Errorf("similarity: whole name %v, part %v, misspelt %v", whole, part, typo)
	}
}

// BenchmarkTranslitKey is what Parse adds to every search for fuzzy
// matching (docs/benchmarks.md, issue 10).
func BenchmarkTranslitKey(b *testing.B) {
	names := []string{"hts", "hayat tahrir al sham", "muhajirun", "syrian democratic forces", "al qaeda", "daesh"}
	for i := 0; b.Loop(); i++ {
		textsearch.TranslitKey(names[i%len(names)])
	}
}
