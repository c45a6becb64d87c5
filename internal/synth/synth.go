// Package synth generates deterministic synthetic corpora of map files, for
// load tests and bulk-import benchmarks: thousands of documents in the
// loader's own format (docs/map-format.md, version 1, written as JSON) that
// every reader and validator of Argmap accepts.
//
// A corpus has the shape of real analyses, only larger: actor popularity is
// skewed (a few actors appear in most documents, a long tail in few), each
// document argues one thesis through a support tree of depth three or more
// with rebuttals, underminers, undercuts and links that close cycles, and
// every claim, mention and relation is tied to an exact span of a generated
// text. The same Config always yields byte-identical files: every document
// draws from its own random stream, seeded by the corpus seed and its index.
package synth

import (
	"fmt"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// Config describes a corpus. Zero ClaimsPerDocument and ActorsPerDocument
// take their defaults (20 and 12); an empty Scale is "custom".
type Config struct {
	Scale string // a label recorded in the manifest ("M", "L", "custom"); no effect on the map files
	Seed  uint64

	Documents int // how many map files
	Actors    int // the pool of actors the documents draw from

	// ClaimsPerDocument is the mean number of claims of a document; each
	// document has between 60% and 140% of it, and at least MinClaims.
	ClaimsPerDocument int
	// ActorsPerDocument is the mean number of actors a document names.
	ActorsPerDocument int
}

// MinClaims is the fewest claims a document has: a thesis, a chain of three
// supports below it and one more, enough for a support tree of depth three
// and a cycle.
const MinClaims = 5

// Defaults of Config.
const (
	DefaultClaimsPerDocument = 20
	DefaultActorsPerDocument = 12
)

// ScaleConfig returns the Config of a named scale: "M" (1,000 documents,
// about 20,000 claims and 100,000 relationships, 500 actors) or "L" (ten
// times as much). Scale "S" is the seed article, which CopySeed copies.
func ScaleConfig(scale string, seed uint64) (Config, error) {
	cfg := Config{Scale: strings.ToUpper(scale), Seed: seed,
		ClaimsPerDocument: DefaultClaimsPerDocument, ActorsPerDocument: DefaultActorsPerDocument}
	switch cfg.Scale {
	case "M":
		cfg.Documents, cfg.Actors = 1_000, 500
	case "L":
		cfg.Documents, cfg.Actors = 10_000, 5_000
	case "S":
		return Config{}, fmt.Errorf("scale S is the seed article, not a generated corpus: copy it with CopySeed")
	default:
		return Config{}, fmt.Errorf("unknown scale %q: use S, M or L", scale)
	}
	return cfg, nil
}

// withDefaults fills in the zero fields and checks the rest.
func (c Config) withDefaults() (Config, error) {
	if c.Scale == "" {
		c.Scale = "custom"
	}
	if c.ClaimsPerDocument == 0 {
		c.ClaimsPerDocument = DefaultClaimsPerDocument
	}
	if c.ActorsPerDocument == 0 {
		c.ActorsPerDocument = DefaultActorsPerDocument
	}
	switch {
	case c.Documents < 1:
		return c, fmt.Errorf("a corpus needs at least one document (Documents is %d)", c.Documents)
	case c.Documents > 9_999_999:
		return c, fmt.Errorf("a corpus holds at most 9,999,999 documents (Documents is %d)", c.Documents)
	case c.Actors < 1:
		return c, fmt.Errorf("a corpus needs at least one actor (Actors is %d)", c.Actors)
	case c.Actors > 200_000:
		return c, fmt.Errorf("a corpus holds at most 200,000 actors: there are not enough distinct generated names beyond (Actors is %d)", c.Actors)
	case c.ClaimsPerDocument < 1 || c.ClaimsPerDocument > 2_000:
		return c, fmt.Errorf("ClaimsPerDocument must be between 1 and 2,000 (it is %d)", c.ClaimsPerDocument)
	case c.ActorsPerDocument < 1:
		return c, fmt.Errorf("ActorsPerDocument must be at least 1 (it is %d)", c.ActorsPerDocument)
	}
	return c, nil
}

// Document is one generated map file.
type Document struct {
	Index int    // position in the corpus, from 0
	ID    string // the document id, e.g. "doc-000001"
	Path  string // where it goes under the corpus folder, slash-separated: "docs/0000/doc-000001.json"
	JSON  []byte // the map file
	Stats Stats  // what loading it creates
}

// Stats is what loading one map creates in the graph (docs/model.md): one
// Document node, a Claim node per claim, the actors it names, and
// relationships by type.
type Stats struct {
	Claims        int
	Actors        []string // ids of the actors the map names, in map order
	Relationships map[argmap.RelType]int
}

// Generate generates the corpus described by cfg and passes each document to
// emit, in order. It stops at the first error emit returns.
func Generate(cfg Config, emit func(doc Document) error) error {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return err
	}
	u, err := newUniverse(cfg)
	if err != nil {
		return err
	}
	for i := range cfg.Documents {
		d, err := u.document(i)
		if err != nil {
			return err
		}
		if err := emit(d); err != nil {
			return err
		}
	}
	return nil
}

// docPath is the corpus-relative path of document i: at most 1,000 files
// per folder keeps directory listings fast.
func docPath(i int, id string) string {
	return fmt.Sprintf("docs/%04d/%s.json", i/1000, id)
}
