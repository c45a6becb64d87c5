package argmap_test

import (
	"testing"

	"github.com/argmap/argmap/internal/argmap"
)

func TestFoldName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"curly apostrophe", "Hay’at Tahrir al-Sham", "hayat tahrir al sham"},
		{"straight apostrophe", "Hay'at Tahrir al-Sham", "hayat tahrir al sham"},
		{"no apostrophe", "Hayat Tahrir al-Sham", "hayat tahrir al sham"},
		{"upper case and U+2010 hyphen", "HAYAT TAHRIR AL\u2010SHAM", "hayat tahrir al sham"},
		{"en dash", "Hayat Tahrir al\u2013Sham", "hayat tahrir al sham"},
		{"modifier letter apostrophe", "Hay\u02BCat Tahrir al Sham", "hayat tahrir al sham"},
		{"lower abbreviation", "hts", "hts"},
		{"upper abbreviation", "HTS", "hts"},
		{"leading the", "the HTS", "hts"},
		{"leading The in capitals", "THE HTS", "hts"},
		{"curly possessive", "People’s Assembly", "peoples assembly"},
		{"no possessive apostrophe", "Peoples Assembly", "peoples assembly"},
		{"ayn and hamza with macron", "al-Shaʿrāʾ", "al shara"},
		{"ayn with macron", "al-Sharāʿ", "al shara"},
		{"plain transliteration", "al-Sharaa", "al sharaa"},
		{"cedilla", "Şam", "sam"},
		{"dotted capital I", "İdlib", "idlib"},
		{"whitespace collapse", "  Hayat\tTahrir \n al -  Sham  ", "hayat tahrir al sham"},
		{"no-break space", "Hayat\u00a0Tahrir\u00a0al-Sham", "hayat tahrir al sham"},
		{"surrounding punctuation", "(HTS).", "hts"},
		{"full-width letters", "ＨＴＳ", "hts"},
		{"theocracy keeps its the", "theocracy", "theocracy"},
		{"The alone is kept", "The", "the"},
		{"the inside a name is kept", "Party of the People", "party of the people"},
		{"empty", "", ""},
		{"only punctuation and space", " - ’ ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := argmap.FoldName(tt.in); got != tt.want {
				t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldNameEquivalence(t *testing.T) {
	groups := []struct {
		name  string
		names []string
	}{
		{"Hay’at Tahrir al-Sham", []string{"Hay’at Tahrir al-Sham", "Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham",
			"HAYAT TAHRIR AL\u2010SHAM", "Hayat Tahrir al\u2013Sham", "the Hayat Tahrir al Sham"}},
		{"HTS", []string{"hts", "HTS", "the HTS"}},
		{"People’s Assembly", []string{"People’s Assembly", "Peoples Assembly", "the people's  assembly"}},
		{"al-Shaʿrāʾ", []string{"al-Shaʿrāʾ", "al-Shara", "AL SHARA", "al\u2011Shara", "al Sha'ra'", "al-Sha\u0301ra"}},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			want := argmap.FoldName(g.names[0])
			if want == "" {
				t.Fatalf("FoldName(%q) is empty", g.names[0])
			}
			for _, n := range g.names[1:] {
				if got := argmap.FoldName(n); got != want {
					t.Errorf("FoldName(%q) = %q, want %q (as FoldName(%q))", n, got, want, g.names[0])
				}
			}
		})
	}
}

func TestFoldNameKeepsDistinctNamesDistinct(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"ISIS is not IS", "ISIS", "IS"},
		{"theocracy is not ocracy", "theocracy", "ocracy"},
		{"Syria is not Syrian", "Syria", "Syrian"},
		{"SDF is not SDF-2", "SDF", "SDF-2"},
		{"Al-Qaeda is not Qaeda", "Al-Qaeda", "Qaeda"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fa, fb := argmap.FoldName(tt.a), argmap.FoldName(tt.b); fa == fb {
				t.Errorf("FoldName(%q) == FoldName(%q) == %q, want distinct", tt.a, tt.b, fa)
			}
		})
	}
}

func TestFoldNameIsIdempotent(t *testing.T) {
	for _, s := range []string{"Hay’at Tahrir al-Sham", "the HTS", "al-Shaʿrāʾ", "People’s Assembly", "  (Şam)  "} {
		t.Run(s, func(t *testing.T) {
			once := argmap.FoldName(s)
			if twice := argmap.FoldName(once); twice != once {
				t.Errorf("FoldName(FoldName(%q)) = %q, want %q", s, twice, once)
			}
		})
	}
}

func TestActorKeys(t *testing.T) {
	a := argmap.Actor{ID: "hts", Name: "Hay’at Tahrir al-Sham", Aliases: []string{"HTS", "Hayat Tahrir al-Sham", "the HTS", ""}}
	got := a.Keys()
	want := []string{"hayat tahrir al sham", "hts"}
	if len(got) != len(want) {
		t.Fatalf("Keys() = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Keys()[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}

// TestFoldNameQuotedAfterThe: FoldName trims surrounding punctuation and
// drops a leading "the", so a name in quotation marks after "the" must fold
// like the bare name. Apostrophe-like single quotes are dropped anyway;
// double quotes and brackets are punctuation to trim.
func TestFoldNameQuotedAfterThe(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"single curly quotes", "the ‘Islamic State’", "islamic state"},
		{"quoted without the", "“Islamic State”", "islamic state"},
		{"double curly quotes", "the “Islamic State”", "islamic state"},
		{"straight double quotes", `the "Islamic State"`, "islamic state"},
		{"parentheses", "the (SDF)", "sdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := argmap.FoldName(tt.in); got != tt.want {
				t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldNameBrackets(t *testing.T) {
	for in, want := range map[string]string{
		"Islamic State (ISIS)":   "islamic state isis",
		"the [SDF]":              "sdf",
		"«Hayat Tahrir al-Sham»": "hayat tahrir al sham",
	} {
		if got := argmap.FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}
