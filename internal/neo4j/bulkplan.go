package neo4j

import (
	"context"
	"fmt"
	"slices"

	"github.com/argmap/argmap/internal/argmap"
)

// BulkInput is what PlanBulk needs to know of one map of a bulk load: a
// summary kept from the first reading of every file, so that the whole
// corpus is checked before anything is written without holding it in
// memory.
type BulkInput struct {
	Source      string // where the map comes from (a file path), for messages
	DocumentID  string
	Fingerprint string
	Actors      []BulkActor
	// Claims and Relationships count what the map creates besides its
	// Document node and its new actors (ImportSummary's relationships).
	Claims, Relationships int64
}

// BulkActor is an actor as one map defines it.
type BulkActor struct {
	ID   string
	Keys []string // folded name and aliases (argmap.Actor.Keys)
}

// NewBulkInput summarises a validated map.
func NewBulkInput(source, fingerprint string, m *argmap.Map) BulkInput {
	in := BulkInput{Source: source, DocumentID: m.Document.ID, Fingerprint: fingerprint, Claims: int64(len(m.Claims))}
	for i := range m.Actors {
		a := &m.Actors[i]
		in.Actors = append(in.Actors, BulkActor{ID: a.ID, Keys: a.Keys()})
		in.Relationships += 1 + int64(len(a.PartOf)) // NAMES, PART_OF
	}
	for _, c := range m.Claims {
		in.Relationships += 1 + int64(len(c.Mentions)) // FROM, MENTIONS
	}
	in.Relationships += int64(len(m.Links) + len(m.Relations))
	return in
}

// BulkProblem is one reason why a bulk load cannot start.
type BulkProblem struct {
	Source  string
	Item    string // e.g. "document d1", "actor hts"
	Message string
}

func (p BulkProblem) String() string { return p.Source + ": " + p.Item + ": " + p.Message }

// BulkPlan says what a bulk load of a corpus will do.
type BulkPlan struct {
	// Skip marks the inputs whose document is stored with the same
	// fingerprint: a previous run loaded them.
	Skip []bool
	// NewActors counts, for each input, the actors it is the first to name
	// (neither stored nor named by an earlier input).
	NewActors []int64
	// Problems, when not empty, means nothing may be written.
	Problems []BulkProblem
}

// Elements returns what input i creates: its Document node, claims and new
// actors, and its relationships.
func (p *BulkPlan) Elements(in []BulkInput, i int) int64 {
	return 1 + in[i].Claims + p.NewActors[i] + in[i].Relationships
}

const (
	cypherStoredFingerprints = `
UNWIND $ids AS id
MATCH (d:Document {id: id})
RETURN d.id AS id, coalesce(d.importSha256, '') AS fingerprint`

	cypherStoredActorKeys = `
MATCH (a:Actor)
RETURN a.id AS id, coalesce(a.keys, []) AS keys`
)

// PlanBulk checks a corpus, in the order it will be loaded, against itself
// and the database, as importing each map with ImportMap in that order
// would, and returns what the load will do. It reads the stored documents
// of the corpus and the keys of every stored actor once; it writes nothing.
//
// Problems: two inputs with one document id; a document stored already
// from another input (another fingerprint, or loaded by ImportMap, which
// stores none): bulk loading never replaces a document; a new actor id
// whose folded name or alias belongs to another actor, stored or named by
// an earlier input (ImportMap's clash check). Errors: UNAVAILABLE.
func (db *DB) PlanBulk(ctx context.Context, inputs []BulkInput) (*BulkPlan, error) {
	ids := make([]string, len(inputs))
	for i, in := range inputs {
		ids[i] = in.DocumentID
	}
	stored := map[string]string{}
	res, err := db.query(ctx, cypherStoredFingerprints, map[string]any{"ids": ids}, false)
	if err != nil {
		return nil, err
	}
	for _, r := range res.Records {
		id, _ := r.Get("id")
		fp, _ := r.Get("fingerprint")
		stored[id.(string)], _ = fp.(string)
	}
	res, err = db.query(ctx, cypherStoredActorKeys, nil, false)
	if err != nil {
		return nil, err
	}
	// owners maps a key to the actors that have it, in the order they got it.
	owners := map[string][]string{}
	known := map[string]string{} // actor id -> the input that named it first, "" if stored
	for _, r := range res.Records {
		id, _ := r.Get("id")
		keys, _ := r.Get("keys")
		known[id.(string)] = ""
		for _, k := range stringList(keys) {
			owners[k] = append(owners[k], id.(string))
		}
	}

	p := &BulkPlan{Skip: make([]bool, len(inputs)), NewActors: make([]int64, len(inputs))}
	firstSource := map[string]string{}
	for i, in := range inputs {
		doc := fmt.Sprintf("document %s", in.DocumentID)
		if src, dup := firstSource[in.DocumentID]; dup {
			p.Problems = append(p.Problems, BulkProblem{in.Source, doc,
				fmt.Sprintf("%s is also the document of %s: give each document one map file", in.DocumentID, src)})
			continue
		}
		firstSource[in.DocumentID] = in.Source
		if fp, ok := stored[in.DocumentID]; ok {
			if fp == in.Fingerprint {
				p.Skip[i] = true
				continue
			}
			why := "loaded with argmap load"
			if fp != "" {
				why = "bulk-loaded from a different version of this file"
			}
			p.Problems = append(p.Problems, BulkProblem{in.Source, doc,
				fmt.Sprintf("is stored already (%s); a bulk load never replaces a document: use argmap load to replace it, or leave the file out", why)})
			continue
		}
		// ImportMap checks every new actor id of a map against the actors
		// stored before the map is written.
		var clashes []BulkProblem
		for _, a := range in.Actors {
			if _, ok := known[a.ID]; ok {
				continue
			}
			p.NewActors[i]++
			var others []string
			shared := map[string][]string{}
			for _, k := range a.Keys {
				for _, o := range owners[k] {
					if o == a.ID {
						continue
					}
					if _, ok := shared[o]; !ok {
						others = append(others, o)
					}
					shared[o] = append(shared[o], k)
				}
			}
			for _, o := range others {
				owner := "the stored actor " + o
				if src := known[o]; src != "" {
					owner = fmt.Sprintf("the actor %s of %s", o, src)
				}
				clashes = append(clashes, BulkProblem{in.Source, "actor " + a.ID,
					fmt.Sprintf("the name or alias %q belongs to %s: use that id, or rename", shared[o], owner)})
			}
		}
		if len(clashes) > 0 {
			p.Problems = append(p.Problems, clashes...)
			continue // as ImportMap would reject the file, it adds no actor
		}
		for _, a := range in.Actors {
			if _, ok := known[a.ID]; !ok {
				known[a.ID] = in.Source
			}
			for _, k := range a.Keys {
				if !slices.Contains(owners[k], a.ID) {
					owners[k] = append(owners[k], a.ID)
				}
			}
		}
	}
	return p, nil
}
