package mapfile_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

// Deep nesting is refused before the parser builds it, in memory a small
// multiple of the file (issue 11: 40,000 "[" took 2.5 GB, 100,000 ran out
// of memory), in flow sequences and flow mappings alike.
func TestReadYAMLRefusesDeepNesting(t *testing.T) {
	for _, tt := range []struct{ open, close string }{{"[", "]"}, {"{a: ", "}"}} {
		for _, n := range []int{40_000, 100_000} {
			b := []byte("version: 1\ndocument: " + strings.Repeat(tt.open, n) + strings.Repeat(tt.close, n) + "\n")
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := mapfile.Read(b, nil)
			runtime.ReadMemStats(&after)
			if argmap.ErrorCode(err) != argmap.EINVALID || !strings.Contains(argmap.ErrorMessage(err), "nested more than 100 levels") {
				t.Errorf("%d × %q: %v", n, tt.open, err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d × %q (%d bytes): refused, %d bytes allocated", n, tt.open, len(b), alloc)
			if alloc > 4*uint64(len(b))+1<<20 {
				t.Errorf("%d × %q: %d bytes allocated to refuse a %d-byte file", n, tt.open, alloc, len(b))
			}
		}
	}
}

// Anchors and aliases are refused before decoding (issue 11: a 565-byte
// map expanded to 2.2 GB, then out of memory).
func TestReadYAMLRefusesAliases(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("version: 1\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i <= 9; i++ {
		bomb.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat("*a"+string(rune('0'+i-1))+",", 9) + "*a" + string(rune('0'+i-1)) + "]\n")
	}
	bomb.WriteString("document:\n  id: bomb\n  title: *a9\n")
	for _, b := range []string{bomb.String(), "version: 1\ndocument: &d\n  id: x\n", "version: 1\ndocument:\n  title: *t\n", "version: 1\nactors:\n  - *a\n"} {
		_, err := mapfile.Read([]byte(b), nil)
		if argmap.ErrorCode(err) != argmap.EINVALID || !strings.Contains(argmap.ErrorMessage(err), "anchors and aliases") {
			t.Errorf("%.60q: %v", b, err)
		}
	}
}

// What is text stays text: brackets, ampersands, asterisks and apostrophes
// inside plain, quoted and block scalars, comments and flow mappings do not
// count as nesting or aliases; and every YAML map file of the repository
// passes the scan.
func TestReadYAMLScanKeepsText(t *testing.T) {
	text := "HTS [sic] & allies *may* strike; Hay'at, 'x'."
	b := []byte(`version: 1
# a comment with [[[ and &anchor and *alias
document:
  id: d
  title: "Brackets [[[ & *stars* \" and a quote"
  published: 2025-01-01
  text: |
    [[[[ a block scalar line & *text*
      {{{ more
    end ]]]]
actors:
  - {id: hts, name: 'Hay''at [x] & *y*', type: armed_group, aliases: [HTS, "a [b]"], mentions: [{exact: HTS}]}
claims:
  - id: c
    text: HTS [sic] & allies *may* strike; Hay'at, 'x'.
    role: thesis
    modality: assertion
    hedging: none
    quotes: [{exact: HTS}]
`)
	m, err := mapfile.Read(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Claims[0].Text != text || !strings.HasPrefix(m.Document.Text, "[[[[ a block") {
		t.Errorf("claim %q, text %q", m.Claims[0].Text, m.Document.Text)
	}
	var files []string
	for _, pattern := range []string{"../../data/seed/*.yaml", "testdata/*.yaml", "../*/testdata/*.yaml", "../*/testdata/*/*.yaml"} {
		got, _ := filepath.Glob(pattern)
		files = append(files, got...)
	}
	if len(files) < 3 {
		t.Fatalf("found only %v", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mapfile.Read(b, func(string) ([]byte, error) { return []byte("x"), nil }); err != nil &&
			(strings.Contains(err.Error(), "nested more than") || strings.Contains(err.Error(), "anchors and aliases")) {
			t.Errorf("%s: %v", f, err)
		}
	}
}
