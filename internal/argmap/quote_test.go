package argmap_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
)

// sample has multi-byte code points (’ is 3 bytes, 😀 is 4 bytes and two
// UTF-16 units) before every quote, so byte, UTF-16 and code point offsets
// all differ. "HTS" occurs at [15,18), [31,34) and [45,48) in code points.
const sample = "Hay’at 😀 said: HTS rules. Then HTS fell; the HTS rose again."

// MustText returns the Text of s and checks that its length is in code points.
func MustText(tb testing.TB, s string) *argmap.Text {
	tb.Helper()
	txt := argmap.NewText(s)
	if txt.Len() != utf8.RuneCountInString(s) {
		tb.Fatalf("Len() = %d, want %d code points", txt.Len(), utf8.RuneCountInString(s))
	}
	return txt
}

// at returns a quote with the given offsets.
func at(exact string, start, end int) argmap.Quote {
	return argmap.Quote{Exact: exact, Start: start, End: end}
}

// unanchored returns a quote without offsets.
func unanchored(exact, prefix, suffix string) argmap.Quote {
	return argmap.Quote{Exact: exact, Prefix: prefix, Suffix: suffix, Start: argmap.Unanchored, End: argmap.Unanchored}
}

func TestTextLenAndSlice(t *testing.T) {
	txt := MustText(t, sample)
	if txt.Len() != 60 {
		t.Fatalf("Len() = %d, want 60 code points (the string has %d bytes)", txt.Len(), len(sample))
	}
	tests := []struct {
		name       string
		start, end int
		want       string
	}{
		{"curly apostrophe is one code point", 3, 4, "’"},
		{"emoji is one code point", 7, 8, "😀"},
		{"quote after multi-byte runes", 15, 18, "HTS"},
		{"whole text", 0, 60, sample},
		{"clamped below", -5, 3, "Hay"},
		{"clamped above", 55, 99, "again."[1:]},
		{"empty when start >= end", 10, 5, ""},
		{"empty beyond the end", 70, 80, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := txt.Slice(tt.start, tt.end); got != tt.want {
				t.Errorf("Slice(%d, %d) = %q, want %q", tt.start, tt.end, got, tt.want)
			}
		})
	}
}

func TestTextFind(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		exact string
		want  []int
	}{
		{"code points not bytes", sample, "HTS", []int{15, 31, 45}},
		{"unique", sample, "rules", []int{19}},
		{"emoji itself", sample, "😀 said", []int{7}},
		{"absent", sample, "ISIS", nil},
		{"empty exact", sample, "", nil},
		{"overlapping occurrences", "aaaa", "aa", []int{0, 1, 2}},
		{"overlapping multi-byte occurrences", "’’’", "’’", []int{0, 1}},
		{"case sensitive", sample, "hts", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MustText(t, tt.text).Find(tt.exact); !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.exact, got, tt.want)
			}
		})
	}
}

func TestAnchorVerifiesOffsets(t *testing.T) {
	txt := MustText(t, sample)
	tests := []struct {
		name        string
		q           argmap.Quote
		field       string   // of the single problem; "" for none
		contains    []string // in the problem's message
		found       string   // the problem's Found, when checked
		start, end  int      // of the returned quote, when there is no problem
		wantPrefix  string
		wantSuffix  string
		checkAnchor bool
	}{
		{name: "match after multi-byte runes", q: at("HTS", 31, 34), start: 31, end: 34,
			wantPrefix: "Hay’at 😀 said: HTS rules. Then ", wantSuffix: " fell; the HTS rose again.", checkAnchor: true},
		{name: "match at the start", q: at("Hay’at", 0, 6), start: 0, end: 6,
			wantPrefix: "", wantSuffix: " 😀 said: HTS rules. Then HTS fel", checkAnchor: true},
		{name: "match at the end", q: at("again.", 54, 60), start: 54, end: 60,
			wantPrefix: "es. Then HTS fell; the HTS rose ", wantSuffix: "", checkAnchor: true},
		{name: "byte offsets are wrong", q: at("rules", 24, 29), field: "exact", found: ". The",
			contains: []string{"[24,29)", "differs", "exact occurs at [19,24)"}},
		{name: "offset moved by one", q: at("HTS", 32, 35), field: "exact", found: "TS ",
			contains: []string{"[32,35)", "exact occurs at [15,18), [31,34), [45,48)"}},
		{name: "exact absent from the text", q: at("ISIS", 15, 19), field: "exact", found: "HTS ",
			contains: []string{"differs"}},
		{name: "end beyond the text", q: at("again.", 55, 61), field: "start", found: "start=55 end=61",
			contains: []string{"out of range"}},
		{name: "negative start", q: at("Hay", -1, 3), field: "start", contains: []string{"out of range"}},
		{name: "start equals end", q: at("HTS", 15, 15), field: "start", contains: []string{"out of range"}},
		{name: "start after end", q: at("HTS", 18, 15), field: "start", contains: []string{"out of range"}},
		{name: "end missing", q: at("HTS", 15, argmap.Unanchored), field: "start", contains: []string{"out of range"}},
		{name: "empty exact", q: at("", 15, 18), field: "exact", contains: []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := txt.Anchor(tt.q)
			if tt.field == "" {
				if len(probs) > 0 {
					t.Fatalf("Anchor(%+v) problems: %v", tt.q, probs)
				}
				if got.Start != tt.start || got.End != tt.end {
					t.Errorf("Anchor() = [%d,%d), want [%d,%d)", got.Start, got.End, tt.start, tt.end)
				}
				if got.Exact != tt.q.Exact {
					t.Errorf("Exact = %q, want %q", got.Exact, tt.q.Exact)
				}
				if tt.checkAnchor {
					if got.Prefix != tt.wantPrefix {
						t.Errorf("Prefix = %q, want %q", got.Prefix, tt.wantPrefix)
					}
					if got.Suffix != tt.wantSuffix {
						t.Errorf("Suffix = %q, want %q", got.Suffix, tt.wantSuffix)
					}
				}
				return
			}
			p := MustOneProblem(t, probs)
			if p.Field != tt.field {
				t.Errorf("Field = %q, want %q (%s)", p.Field, tt.field, p)
			}
			if tt.found != "" && p.Found != tt.found {
				t.Errorf("Found = %q, want %q (%s)", p.Found, tt.found, p)
			}
			for _, c := range tt.contains {
				if !strings.Contains(p.Message, c) {
					t.Errorf("Message = %q, want it to contain %q", p.Message, c)
				}
			}
			if tt.field == "exact" && tt.q.Exact != "" && p.Expected != tt.q.Exact {
				t.Errorf("Expected = %q, want the given exact %q", p.Expected, tt.q.Exact)
			}
		})
	}
}

func TestAnchorLocates(t *testing.T) {
	txt := MustText(t, sample)
	tests := []struct {
		name       string
		q          argmap.Quote
		start      int // when there is no problem
		field      string
		contains   []string
		notContain []string
	}{
		{name: "unique", q: unanchored("rules", "", ""), start: 19},
		{name: "unique after emoji", q: unanchored("said", "", ""), start: 9},
		{name: "multi-byte exact", q: unanchored("’at 😀", "", ""), start: 3},
		{name: "absent", q: unanchored("ISIS", "", ""), field: "exact", contains: []string{"does not occur"}},
		{name: "ambiguous lists the occurrences", q: unanchored("HTS", "", ""), field: "exact",
			contains: []string{"ambiguous", "3 times", "[15,18)", "[31,34)", "[45,48)"}},
		{name: "prefix disambiguates", q: unanchored("HTS", "the ", ""), start: 45},
		{name: "suffix disambiguates", q: unanchored("HTS", "", " fell"), start: 31},
		{name: "prefix and suffix disambiguate", q: unanchored("HTS", "said: ", " rules"), start: 15},
		{name: "suffix narrows but leaves two", q: unanchored("HTS", "", " r"), field: "exact",
			contains: []string{"2 times", "[15,18)", "[45,48)"}, notContain: []string{"[31,34)"}},
		{name: "prefix that fits no occurrence", q: unanchored("HTS", "a ", ""), field: "exact",
			contains: []string{"does not occur"}},
		{name: "suffix that fits no occurrence", q: unanchored("rules", "", " again"), field: "exact",
			contains: []string{"does not occur"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := txt.Anchor(tt.q)
			if tt.field == "" {
				if len(probs) > 0 {
					t.Fatalf("Anchor(%+v) problems: %v", tt.q, probs)
				}
				end := tt.start + utf8.RuneCountInString(tt.q.Exact)
				if got.Start != tt.start || got.End != end {
					t.Errorf("Anchor() = [%d,%d), want [%d,%d)", got.Start, got.End, tt.start, end)
				}
				if s := txt.Slice(got.Start, got.End); s != tt.q.Exact {
					t.Errorf("text[%d:%d] = %q, want %q", got.Start, got.End, s, tt.q.Exact)
				}
				if !strings.HasSuffix(txt.Slice(0, got.Start), got.Prefix) || got.Prefix == "" && got.Start > 0 {
					t.Errorf("Prefix = %q does not end right before the quote", got.Prefix)
				}
				if !strings.HasPrefix(txt.Slice(got.End, txt.Len()), got.Suffix) || got.Suffix == "" && got.End < txt.Len() {
					t.Errorf("Suffix = %q does not start right after the quote", got.Suffix)
				}
				return
			}
			p := MustOneProblem(t, probs)
			if p.Field != tt.field {
				t.Errorf("Field = %q, want %q (%s)", p.Field, tt.field, p)
			}
			if p.Found != tt.q.Exact {
				t.Errorf("Found = %q, want the exact %q", p.Found, tt.q.Exact)
			}
			for _, c := range tt.contains {
				if !strings.Contains(p.Message, c) {
					t.Errorf("Message = %q, want it to contain %q", p.Message, c)
				}
			}
			for _, c := range tt.notContain {
				if strings.Contains(p.Message, c) {
					t.Errorf("Message = %q, want it not to contain %q", p.Message, c)
				}
			}
			if got.Start != argmap.Unanchored || got.End != argmap.Unanchored {
				t.Errorf("a quote that cannot be located got offsets [%d,%d)", got.Start, got.End)
			}
		})
	}
}

func TestAnchorAmbiguousListsAtMostTen(t *testing.T) {
	txt := MustText(t, strings.Repeat("ab ", 12))
	_, probs := txt.Anchor(unanchored("ab", "", ""))
	p := MustOneProblem(t, probs)
	for _, want := range []string{"12 times", "[0,2)", "[27,29)", "(2 more)"} {
		if !strings.Contains(p.Message, want) {
			t.Errorf("Message = %q, want it to contain %q", p.Message, want)
		}
	}
	if strings.Contains(p.Message, "[30,32)") {
		t.Errorf("Message = %q lists more than ten occurrences", p.Message)
	}
}

func TestAnchorFillsContext(t *testing.T) {
	long := strings.Repeat("é", 50) + "X" + strings.Repeat("😀", 50)
	tests := []struct {
		name       string
		text       string
		q          argmap.Quote
		wantPrefix string
		wantSuffix string
	}{
		{"long context is cut to ContextLength code points", long, unanchored("X", "", ""),
			strings.Repeat("é", argmap.ContextLength), strings.Repeat("😀", argmap.ContextLength)},
		{"same with offsets", long, at("X", 50, 51),
			strings.Repeat("é", argmap.ContextLength), strings.Repeat("😀", argmap.ContextLength)},
		{"short context is what there is", "ab’X😀c", unanchored("X", "", ""), "ab’", "😀c"},
		{"quote is the whole text", "X", at("X", 0, 1), "", ""},
		{"given prefix and suffix are kept", long, unanchored("X", "éé", "😀"), "éé", "😀"},
		{"given prefix longer than ContextLength is kept", long, at("X", 50, 51),
			strings.Repeat("é", 40), strings.Repeat("😀", argmap.ContextLength)},
	}
	tests[len(tests)-1].q.Prefix = strings.Repeat("é", 40)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := MustText(t, tt.text).Anchor(tt.q)
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			if got.Prefix != tt.wantPrefix {
				t.Errorf("Prefix = %q (%d code points), want %q (%d)", got.Prefix, utf8.RuneCountInString(got.Prefix), tt.wantPrefix, utf8.RuneCountInString(tt.wantPrefix))
			}
			if got.Suffix != tt.wantSuffix {
				t.Errorf("Suffix = %q (%d code points), want %q (%d)", got.Suffix, utf8.RuneCountInString(got.Suffix), tt.wantSuffix, utf8.RuneCountInString(tt.wantSuffix))
			}
		})
	}
}

func TestAnchorReportsWrongContext(t *testing.T) {
	txt := MustText(t, sample)
	tests := []struct {
		name   string
		q      argmap.Quote
		fields []string
		found  []string
	}{
		{"wrong prefix", argmap.Quote{Exact: "HTS", Prefix: "Now ", Start: 31, End: 34},
			[]string{"prefix"}, []string{"Hay’at 😀 said: HTS rules. Then "}},
		{"wrong suffix", argmap.Quote{Exact: "HTS", Suffix: " rose", Start: 31, End: 34},
			[]string{"suffix"}, []string{" fell; the HTS rose again."}},
		{"both wrong", argmap.Quote{Exact: "HTS", Prefix: "Now ", Suffix: " rose", Start: 31, End: 34},
			[]string{"prefix", "suffix"}, []string{"Hay’at 😀 said: HTS rules. Then ", " fell; the HTS rose again."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := txt.Anchor(tt.q)
			if len(probs) != len(tt.fields) {
				t.Fatalf("problems = %v, want %d on %v", probs, len(tt.fields), tt.fields)
			}
			for i, p := range probs {
				if p.Field != tt.fields[i] {
					t.Errorf("problem %d Field = %q, want %q", i, p.Field, tt.fields[i])
				}
				if p.Found != tt.found[i] {
					t.Errorf("problem %d Found = %q, want the real context %q", i, p.Found, tt.found[i])
				}
				want := tt.q.Prefix
				if p.Field == "suffix" {
					want = tt.q.Suffix
				}
				if p.Expected != want {
					t.Errorf("problem %d Expected = %q, want the given %q", i, p.Expected, want)
				}
			}
			if got.Start != 31 || got.End != 34 {
				t.Errorf("offsets changed to [%d,%d)", got.Start, got.End)
			}
		})
	}
}

// MustOneProblem returns the single problem of probs.
func MustOneProblem(tb testing.TB, probs []argmap.Problem) argmap.Problem {
	tb.Helper()
	if len(probs) != 1 {
		tb.Fatalf("got %d problems %v, want 1", len(probs), probs)
	}
	return probs[0]
}
