package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/synth"
)

// runGenTest runs `argmap gen args...` and returns its stdout and stderr.
func runGenTest(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := runGen(context.Background(), args, func(string) string { return "" }, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

// readGenManifest reads dir/manifest.json.
func readGenManifest(t *testing.T, dir string) synth.Manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, synth.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m synth.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// genMapFiles returns the map files under dir/docs after checking that each
// reads and validates as `argmap load` would.
func genMapFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join(dir, "docs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".yaml")) {
			return err
		}
		m, err := mapfile.ReadFile(p)
		if err == nil {
			err = m.Validate()
		}
		files = append(files, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestGenWritesACorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	stdout, stderr, err := runGenTest(t, "-out", dir, "-documents", "12", "-actors", "20", "-seed", "5")
	if err != nil {
		t.Fatalf("gen: %v\n%s", err, stderr)
	}
	m := readGenManifest(t, dir)
	if files := genMapFiles(t, dir); len(files) != 12 || m.Files != 12 || m.Documents != 12 || m.Seed != 5 || m.Scale != "custom" {
		t.Errorf("%d map files; manifest %+v", len(files), m)
	}
	if !strings.Contains(stderr, "12/12 documents") {
		t.Errorf("stderr %q: no progress", stderr)
	}
	for _, want := range []string{"12 map file(s)", "12 documents", " claims, ", "loading creates ", "manifest.json"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary %q: no %q", stdout, want)
		}
	}

	t.Run("refuses a folder that is not empty", func(t *testing.T) {
		if _, _, err := runGenTest(t, "-out", dir, "-documents", "3", "-actors", "5"); err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Errorf("err = %v, want a refusal of the non-empty folder", err)
		}
	})

	t.Run("-force replaces the corpus, stale files included", func(t *testing.T) {
		stale := filepath.Join(dir, "docs", "0009", "doc-009999.json")
		if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(stale, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, stderr, err := runGenTest(t, "-out", dir, "-documents", "3", "-actors", "5", "-force"); err != nil {
			t.Fatalf("gen -force: %v\n%s", err, stderr)
		}
		if files := genMapFiles(t, dir); len(files) != 3 {
			t.Errorf("%d map files after regenerating 3: %v", len(files), files)
		}
	})
}

func TestGenForceKeepsFilesNotOurs(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runGenTest(t, "-out", dir, "-documents", "2", "-actors", "4", "-force"); err != nil {
		t.Fatalf("gen: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a file gen did not write is gone: %v", err)
	}
}

func TestGenScaleSCopiesTheSeed(t *testing.T) {
	dir := t.TempDir()
	// The default -seed-map is relative to the repository; the test runs
	// two folders below it.
	stdout, stderr, err := runGenTest(t, "-scale", "S", "-out", dir)
	if err != nil {
		t.Fatalf("gen: %v\n%s", err, stderr)
	}
	m := readGenManifest(t, dir)
	if files := genMapFiles(t, dir); len(files) != 1 || m.Expected.Nodes != 73 || m.Expected.Relationships != 237 {
		t.Errorf("files %v; expected %+v; want the seed's 73 nodes and 237 relationships", files, m.Expected)
	}
	if !strings.Contains(stdout, "73 nodes and 237 relationships") {
		t.Errorf("summary %q", stdout)
	}
}

func TestGenErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no output folder"},
		{[]string{"-out", "x", "-scale", "XL"}, `unknown scale "XL"`},
		{[]string{"-out", "x", "-scale", "S", "-documents", "3"}, "not to the seed article"},
		{[]string{"-out", "x", "-documents", "-3"}, "must be positive"},
		{[]string{"-out", "x", "-scale", "S", "-seed-map", "/nonexistent/seed.yaml"}, "cannot read the seed map"},
		{[]string{"-out", "x", "extra"}, "unexpected arguments"},
	} {
		dir := t.TempDir()
		for i, a := range tc.args {
			if a == "x" && i > 0 && tc.args[i-1] == "-out" {
				tc.args[i] = filepath.Join(dir, "out")
			}
		}
		if _, _, err := runGenTest(t, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("gen %v: err = %v, want %q", tc.args, err, tc.want)
		}
	}
}
