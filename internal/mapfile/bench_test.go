package mapfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/argmap/argmap/internal/mapfile"
)

const (
	seedMap  = "../../data/seed/syria-anti-isis-gamble.yaml"
	seedText = "../../data/seed/syria-anti-isis-gamble.txt"
)

// seedForms returns the seed map as YAML (as committed), as JSON (what a
// generator writes: encoding/json of the file structs, text inline) and its
// text.
func seedForms(tb testing.TB) (yamlMap, jsonMap, text []byte) {
	tb.Helper()
	yamlMap, err := os.ReadFile(filepath.FromSlash(seedMap))
	if err != nil {
		tb.Fatal(err)
	}
	text, err = os.ReadFile(filepath.FromSlash(seedText))
	if err != nil {
		tb.Fatal(err)
	}
	jsonMap, err = mapfile.YAMLToJSON(yamlMap, string(text), false)
	if err != nil {
		tb.Fatal(err)
	}
	return yamlMap, jsonMap, text
}

func benchmarkRead(b *testing.B, in []byte, readText func(string) ([]byte, error)) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := mapfile.Read(in, readText); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadYAML reads the seed map as committed; its text file comes
// from memory.
func BenchmarkReadYAML(b *testing.B) {
	y, _, text := seedForms(b)
	benchmarkRead(b, y, func(string) ([]byte, error) { return text, nil })
}

// BenchmarkReadJSON reads the seed map as one line of JSON, text inline (the
// bytes count the text, which the YAML form keeps in its own file).
func BenchmarkReadJSON(b *testing.B) {
	_, j, _ := seedForms(b)
	benchmarkRead(b, j, nil)
}

// BenchmarkReadJSONAsYAML reads the JSON form with the YAML reader: what
// reading a JSON map file cost before the JSON path.
func BenchmarkReadJSONAsYAML(b *testing.B) {
	_, j, _ := seedForms(b)
	b.SetBytes(int64(len(j)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := mapfile.ReadYAML(j, nil); err != nil {
			b.Fatal(err)
		}
	}
}
