package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/argmap/argmap/internal/synth"
)

// defaultSeedMap is the seed article, relative to the repository.
const defaultSeedMap = "data/seed/syria-anti-isis-gamble.yaml"

// genProgressEvery is how many documents pass between progress lines.
const genProgressEvery = 500

// runGen writes a synthetic corpus of map files (internal/synth) into a
// folder: scale S is the seed article, M and L are generated.
func runGen(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, `Usage: argmap gen -out DIR [flags]

Writes a deterministic synthetic corpus of map files (JSON, docs/map-format.md)
into DIR/docs/, and DIR/manifest.json with the counts loading it must create.
  S  the seed article (data/seed), copied
  M  1,000 documents, ~20,000 claims, 500 actors, ~100,000 relationships
  L  10,000 documents, ~200,000 claims, 5,000 actors, ~1,000,000 relationships
The same scale and seed always give the same bytes. Flags:`)
		fs.PrintDefaults()
	}
	var (
		scale, out, seedMap       string
		seed                      uint64
		documents, actors, claims int
		force                     bool
	)
	fs.StringVar(&scale, "scale", "M", "corpus size: S, M or L")
	fs.Uint64Var(&seed, "seed", 1, "random seed of a generated corpus")
	fs.StringVar(&out, "out", "", "the folder to write the corpus into (required)")
	fs.StringVar(&seedMap, "seed-map", defaultSeedMap, "the map file scale S copies; a relative path is also looked for in the folders above")
	fs.IntVar(&documents, "documents", 0, "override the scale's number of documents (M and L)")
	fs.IntVar(&actors, "actors", 0, "override the scale's pool of actors (M and L)")
	fs.IntVar(&claims, "claims", 0, "override the scale's mean number of claims per document (M and L)")
	fs.BoolVar(&force, "force", false, "write into a folder that is not empty, replacing a corpus argmap gen wrote there")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if out == "" {
		fs.Usage()
		return errors.New("gen: no output folder given: use -out DIR")
	}
	if err := prepareGenDir(out, force); err != nil {
		return err
	}
	start := time.Now()

	if strings.EqualFold(scale, "S") {
		if documents != 0 || actors != 0 || claims != 0 {
			return errors.New("gen: -documents, -actors and -claims apply to the generated scales M and L, not to the seed article (S)")
		}
		path, err := findUp(seedMap)
		if err != nil {
			return err
		}
		m, err := synth.CopySeed(out, path)
		if err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		printGenSummary(stdout, out, m, time.Since(start))
		return nil
	}

	cfg, err := synth.ScaleConfig(scale, seed)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	for _, o := range []struct {
		v    int
		name string
		dst  *int
	}{{documents, "documents", &cfg.Documents}, {actors, "actors", &cfg.Actors}, {claims, "claims", &cfg.ClaimsPerDocument}} {
		switch {
		case o.v < 0:
			return fmt.Errorf("gen: -%s must be positive, not %d", o.name, o.v)
		case o.v > 0:
			*o.dst = o.v
			cfg.Scale = "custom"
		}
	}
	m, err := synth.WriteDir(ctx, out, cfg, func(done, total int) {
		if done%genProgressEvery == 0 || done == total {
			fmt.Fprintf(stderr, "\rargmap gen: %d/%d documents", done, total)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	})
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	printGenSummary(stdout, out, m, time.Since(start))
	return nil
}

// prepareGenDir refuses a folder that holds anything unless force is set;
// with force, it removes the corpus an earlier run wrote there (its docs
// folder and manifest), so that no stale map file outlives it.
func prepareGenDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("gen: cannot read the output folder: %w", err)
	case len(entries) == 0:
		return nil
	case !force:
		return fmt.Errorf("gen: the output folder %s is not empty: choose another, or give -force to write over the corpus in it", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, synth.ManifestName))
	if err != nil {
		return nil // not a corpus of ours: files of the same names are overwritten
	}
	var m synth.Manifest
	if json.Unmarshal(b, &m) != nil || m.Generator != synth.Generator {
		return nil
	}
	if err := os.RemoveAll(filepath.Join(dir, "docs")); err != nil {
		return fmt.Errorf("gen: cannot remove the previous corpus: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, synth.ManifestName)); err != nil {
		return fmt.Errorf("gen: cannot remove the previous manifest: %w", err)
	}
	return nil
}

// findUp finds a relative path from the working folder or one above it, so
// that the default seed map is found from anywhere in the repository.
func findUp(path string) (string, error) {
	if _, err := os.Stat(path); err == nil {
		return path, nil
	} else if filepath.IsAbs(path) {
		return "", fmt.Errorf("gen: cannot read the seed map: %w", err)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		p := filepath.Join(dir, path)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("gen: the seed map %s is in neither %s nor a folder above it: give its path with -seed-map", path, wd)
		}
		dir = parent
	}
}

func printGenSummary(w io.Writer, dir string, m *synth.Manifest, elapsed time.Duration) {
	e := m.Expected
	fmt.Fprintf(w, "argmap gen: scale %s, seed %d: %d map file(s), %.1f MB, in %s, written to %s\n",
		m.Scale, m.Seed, m.Files, float64(m.Bytes)/1e6, elapsed.Round(time.Millisecond), dir)
	fmt.Fprintf(w, "  %d documents, %d claims, %d actors\n", m.Documents, m.Claims, m.Actors)
	fmt.Fprintf(w, "  loading creates %d nodes and %d relationships (counts by type in %s)\n",
		e.Nodes, e.Relationships, filepath.Join(dir, synth.ManifestName))
}
