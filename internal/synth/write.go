package synth

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

// ManifestName is the file, at the top of a corpus folder, that describes
// the corpus and what loading it must create.
const ManifestName = "manifest.json"

// Generator is the manifest's "generator".
const Generator = "argmap gen"

// Manifest describes a corpus: what was generated, and the graph that
// loading every file into an empty database creates.
type Manifest struct {
	Format    int      `json:"format"` // the map format version of the files
	Scale     string   `json:"scale"`
	Seed      uint64   `json:"seed"`
	Documents int      `json:"documents"`
	Claims    int      `json:"claims"`
	Actors    int      `json:"actors"` // distinct actors named: the Actor nodes
	Expected  Expected `json:"expected"`
	Generator string   `json:"generator"`
	Files     int      `json:"files"` // map files written, under docs/
	Bytes     int64    `json:"bytes"` // their total size
}

// Expected is the graph a corpus loads into: nodes by label and
// relationships by type (every label and type of the model, zeros
// included), and their totals.
type Expected struct {
	Nodes               int64            `json:"nodes"`
	Relationships       int64            `json:"relationships"`
	NodesByLabel        map[string]int64 `json:"nodesByLabel"`
	RelationshipsByType map[string]int64 `json:"relationshipsByType"`
}

// tally adds up the Stats of documents into a Manifest.
type tally struct {
	m      Manifest
	actors map[string]bool
	rels   map[argmap.RelType]int64
}

func newTally(scale string, seed uint64) *tally {
	return &tally{m: Manifest{Format: mapfile.Version, Scale: scale, Seed: seed, Generator: Generator},
		actors: map[string]bool{}, rels: map[argmap.RelType]int64{}}
}

func (t *tally) add(st Stats, size int) {
	t.m.Documents++
	t.m.Files++
	t.m.Bytes += int64(size)
	t.m.Claims += st.Claims
	for _, a := range st.Actors {
		t.actors[a] = true
	}
	for rt, n := range st.Relationships {
		t.rels[rt] += int64(n)
	}
}

func (t *tally) manifest() *Manifest {
	m := t.m
	m.Actors = len(t.actors)
	e := &m.Expected
	e.NodesByLabel = map[string]int64{string(argmap.LabelDocument): int64(m.Documents),
		string(argmap.LabelClaim): int64(m.Claims), string(argmap.LabelActor): int64(m.Actors)}
	e.Nodes = int64(m.Documents + m.Claims + m.Actors)
	e.RelationshipsByType = map[string]int64{}
	for _, rt := range argmap.RelTypes {
		e.RelationshipsByType[string(rt)] = t.rels[rt]
		e.Relationships += t.rels[rt]
	}
	return &m
}

// WriteDir generates the corpus of cfg into dir: each document's map file
// at its Path under dir, then dir/manifest.json. It creates dir if needed
// and overwrites files of the same names, leaving any others. progress, if
// not nil, is called after each document.
func WriteDir(ctx context.Context, dir string, cfg Config, progress func(done, total int)) (*Manifest, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the corpus folder: %w", err)
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	t := newTally(cfg.Scale, cfg.Seed)
	lastFolder := ""
	err = Generate(cfg, func(d Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		path := filepath.Join(dir, filepath.FromSlash(d.Path))
		if folder := filepath.Dir(path); folder != lastFolder {
			if err := os.MkdirAll(folder, 0o755); err != nil {
				return fmt.Errorf("cannot create a corpus folder: %w", err)
			}
			lastFolder = folder
		}
		// One write of the whole file: the encoder already buffered it.
		if err := os.WriteFile(path, d.JSON, 0o644); err != nil {
			return fmt.Errorf("cannot write document %s: %w", d.ID, err)
		}
		t.add(d.Stats, len(d.JSON))
		if progress != nil {
			progress(d.Index+1, cfg.Documents)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	m := t.manifest()
	return m, writeManifest(dir, m)
}

// CopySeed copies a map file, and its text file if it has one, into
// dir/docs, checks that the copy reads and validates, and writes
// dir/manifest.json with what loading it creates: the corpus of scale "S".
func CopySeed(dir, mapPath string) (*Manifest, error) {
	b, err := mapfile.ReadFileLimited(mapPath, mapfile.MaxFileSize)
	if err != nil {
		return nil, err
	}
	textFile := ""
	src := filepath.Dir(mapPath)
	m, err := mapfile.Read(b, func(name string) ([]byte, error) {
		if filepath.IsAbs(name) || !filepath.IsLocal(name) {
			return nil, fmt.Errorf("the seed map names its text file %s outside its own folder: it cannot be copied next to it", name)
		}
		textFile = name
		return mapfile.ReadFileLimited(filepath.Join(src, name), mapfile.MaxFileSize)
	})
	if err != nil {
		return nil, fmt.Errorf("reading the seed map %s: %w", mapPath, err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("the seed map %s is not valid: %w", mapPath, err)
	}
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the corpus folder: %w", err)
	}
	if err := os.WriteFile(filepath.Join(docs, filepath.Base(mapPath)), b, 0o644); err != nil {
		return nil, fmt.Errorf("cannot copy the seed map: %w", err)
	}
	if textFile != "" {
		dst := filepath.Join(docs, textFile)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, fmt.Errorf("cannot create a corpus folder: %w", err)
		}
		if err := os.WriteFile(dst, []byte(m.Document.Text), 0o644); err != nil {
			return nil, fmt.Errorf("cannot copy the seed text: %w", err)
		}
	}
	t := newTally("S", 0)
	t.add(mapStats(m), len(b))
	man := t.manifest()
	return man, writeManifest(dir, man)
}

// mapStats counts what loading a validated map creates, as the store's
// import does (internal/neo4j/mapimport.go).
func mapStats(m *argmap.Map) Stats {
	st := Stats{Claims: len(m.Claims), Relationships: map[argmap.RelType]int{}}
	st.Relationships[argmap.RelTypeFrom] = len(m.Claims)
	st.Relationships[argmap.RelTypeNames] = len(m.Actors)
	for _, a := range m.Actors {
		st.Actors = append(st.Actors, a.ID)
		st.Relationships[argmap.RelTypePartOf] += len(a.PartOf)
	}
	for _, c := range m.Claims {
		st.Relationships[argmap.RelTypeMentions] += len(c.Mentions)
	}
	for _, l := range m.Links {
		if l.Type == argmap.LinkSupports {
			st.Relationships[argmap.RelTypeSupports]++
		} else {
			st.Relationships[argmap.RelTypeAttacks]++
		}
	}
	for _, r := range m.Relations {
		st.Relationships[r.Type.RelType()]++
	}
	return st
}

func writeManifest(dir string, m *Manifest) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write the manifest: %w", err)
	}
	return nil
}
