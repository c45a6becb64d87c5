// Package mapfile reads Argmap map files: the YAML (or JSON, which is YAML)
// format in which researchers write the argument map of one document.
// See docs/map-format.md for the format.
//
// Reading is strict: unknown keys, duplicate keys and wrong types are
// errors with their line. Ids of claims, links and relations are local to
// the file; Read qualifies them with the document id ("doc/claim"), so two
// documents may both have a claim "thesis". Actor ids are global.
package mapfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/argmap/argmap/internal/argmap"
)

// Version is the map format version this package reads.
const Version = 1

// MaxFileSize bounds a map file and its text file.
const MaxFileSize = 64 << 20

type fileMap struct {
	Version   int            `yaml:"version"`
	Document  fileDocument   `yaml:"document"`
	Actors    []fileActor    `yaml:"actors"`
	Claims    []fileClaim    `yaml:"claims"`
	Links     []fileLink     `yaml:"links"`
	Relations []fileRelation `yaml:"relations"`
}

type fileDocument struct {
	ID        string `yaml:"id"`
	Title     string `yaml:"title"`
	Published string `yaml:"published"`
	Source    string `yaml:"source"`
	Language  string `yaml:"language"`
	TextFile  string `yaml:"textFile"`
	Text      string `yaml:"text"`
}

type fileQuote struct {
	Exact  string `yaml:"exact"`
	Prefix string `yaml:"prefix"`
	Suffix string `yaml:"suffix"`
	Start  *int   `yaml:"start"`
	End    *int   `yaml:"end"`
}

type fileActor struct {
	ID          string      `yaml:"id"`
	Name        string      `yaml:"name"`
	Type        string      `yaml:"type"`
	Aliases     []string    `yaml:"aliases"`
	PartOf      []string    `yaml:"partOf"`
	Description string      `yaml:"description"`
	Mentions    []fileQuote `yaml:"mentions"`
}

type fileMention struct {
	Actor string    `yaml:"actor"`
	Role  string    `yaml:"role"`
	Quote fileQuote `yaml:"quote"`
}

type fileClaim struct {
	ID       string        `yaml:"id"`
	Text     string        `yaml:"text"`
	Role     string        `yaml:"role"`
	Modality string        `yaml:"modality"`
	Hedging  string        `yaml:"hedging"`
	HedgeCue string        `yaml:"hedgeCue"`
	Quotes   []fileQuote   `yaml:"quotes"`
	Actors   []fileMention `yaml:"actors"`
}

type fileLink struct {
	ID    string     `yaml:"id"`
	Type  string     `yaml:"type"`
	From  string     `yaml:"from"`
	To    string     `yaml:"to"`
	Kind  string     `yaml:"kind"`
	Quote *fileQuote `yaml:"quote"`
}

type fileRelation struct {
	ID       string      `yaml:"id"`
	Type     string      `yaml:"type"`
	From     string      `yaml:"from"`
	To       string      `yaml:"to"`
	Modality string      `yaml:"modality"`
	Evidence []string    `yaml:"evidence"`
	Quotes   []fileQuote `yaml:"quotes"`
}

// ReadFile reads the map file at path, and its text file relative to it.
// The map is returned unvalidated: call Validate (the store's import does).
func ReadFile(path string) (*argmap.Map, error) {
	b, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	return Read(b, func(name string) ([]byte, error) {
		if filepath.IsAbs(name) {
			return readLimited(name)
		}
		return readLimited(filepath.Join(dir, name))
	})
}

func readLimited(path string) ([]byte, error) { return ReadFileLimited(path, MaxFileSize) }

// ReadFileLimited reads a file, refusing one larger than limit bytes
// without reading it whole. Errors are BAD_USER_INPUT naming the file.
func ReadFileLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, argmap.Errorf(argmap.EINVALID, "cannot open %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, argmap.Errorf(argmap.EINVALID, "cannot read %s: %v", path, err)
	}
	if int64(len(b)) > limit {
		return nil, argmap.Errorf(argmap.EINVALID, "%s is larger than %d MiB", path, limit>>20)
	}
	return b, nil
}

// Read decodes a map from b. readText loads the document's textFile; it may
// be nil when the document carries its text inline.
func Read(b []byte, readText func(name string) ([]byte, error)) (*argmap.Map, error) {
	var fm fileMap
	dec := yaml.NewDecoder(bytes.NewReader(b), yaml.Strict())
	if err := dec.Decode(&fm); err != nil {
		return nil, argmap.Errorf(argmap.EINVALID, "the map file is not valid: %s", yaml.FormatError(err, false, true))
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, argmap.Errorf(argmap.EINVALID, "the map file holds more than one YAML document: put one document's map in each file")
	}
	if fm.Version == 0 {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "version", "the map file has no version: start it with \"version: %d\"", Version)
	}
	if fm.Version != Version {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "version", "the map file has version %d; this Argmap reads version %d", fm.Version, Version)
	}
	m := &argmap.Map{}
	d := fm.Document
	m.Document = argmap.Document{ID: d.ID, Title: d.Title, Source: d.Source, Language: d.Language, Text: d.Text}
	if d.Published != "" {
		t, err := time.Parse(time.DateOnly, d.Published)
		if err != nil {
			return nil, argmap.FieldErrorf(argmap.EINVALID, "document.published", "published %q is not an ISO date such as 2025-11-25", d.Published)
		}
		m.Document.Published = t
	}
	switch {
	case d.TextFile != "" && d.Text != "":
		return nil, argmap.FieldErrorf(argmap.EINVALID, "document.textFile", "give either document.text or document.textFile, not both")
	case d.TextFile != "":
		if readText == nil {
			return nil, argmap.FieldErrorf(argmap.EINVALID, "document.textFile", "this import takes the text inline (document.text), not from a file")
		}
		t, err := readText(d.TextFile)
		if err != nil {
			return nil, err
		}
		m.Document.Text = string(t)
	}

	q := func(local string) string { return Qualify(d.ID, local) }
	for _, a := range fm.Actors {
		ma := argmap.MapActor{Actor: argmap.Actor{ID: a.ID, Name: a.Name, Type: argmap.ActorType(a.Type),
			Aliases: a.Aliases, PartOf: a.PartOf, Description: a.Description}}
		for _, mq := range a.Mentions {
			ma.Mentions = append(ma.Mentions, quote(mq))
		}
		m.Actors = append(m.Actors, ma)
	}
	for _, c := range fm.Claims {
		cl := argmap.Claim{ID: q(c.ID), Text: c.Text, Role: argmap.ClaimRole(c.Role), Modality: argmap.Modality(c.Modality),
			Hedging: argmap.Hedging(c.Hedging), HedgeCue: c.HedgeCue}
		for _, cq := range c.Quotes {
			cl.Quotes = append(cl.Quotes, quote(cq))
		}
		for _, mn := range c.Actors {
			cl.Mentions = append(cl.Mentions, argmap.Mention{ActorID: mn.Actor, Role: argmap.MentionRole(mn.Role), Quote: quote(mn.Quote)})
		}
		m.Claims = append(m.Claims, cl)
	}
	for _, l := range fm.Links {
		ln := argmap.Link{ID: q(l.ID), Type: argmap.LinkType(l.Type), From: q(l.From), To: q(l.To), Kind: argmap.AttackKind(l.Kind)}
		if l.Quote != nil {
			lq := quote(*l.Quote)
			ln.Quote = &lq
		}
		m.Links = append(m.Links, ln)
	}
	for _, r := range fm.Relations {
		rel := argmap.Relation{ID: q(r.ID), Type: argmap.RelationType(r.Type), From: r.From, To: r.To, Modality: argmap.RelationModality(r.Modality)}
		for _, e := range r.Evidence {
			rel.Evidence = append(rel.Evidence, q(e))
		}
		for _, rq := range r.Quotes {
			rel.Quotes = append(rel.Quotes, quote(rq))
		}
		m.Relations = append(m.Relations, rel)
	}
	return m, nil
}

// Qualify returns the global id of a claim, link or relation local to a
// document's map.
func Qualify(documentID, local string) string {
	if local == "" {
		return ""
	}
	return documentID + "/" + local
}

// Local returns the id local to its map file of a qualified id.
func Local(documentID, id string) string {
	return strings.TrimPrefix(id, documentID+"/")
}

func quote(q fileQuote) argmap.Quote {
	out := argmap.Quote{Exact: q.Exact, Prefix: q.Prefix, Suffix: q.Suffix, Start: argmap.Unanchored, End: argmap.Unanchored}
	if q.Start != nil {
		out.Start = *q.Start
	}
	if q.End != nil {
		out.End = *q.End
	}
	return out
}
