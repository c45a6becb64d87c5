// Package mapfile reads Argmap map files: the YAML (or JSON, which is YAML)
// format in which researchers write the argument map of one document.
// See docs/map-format.md for the format.
//
// Reading is strict: unknown keys, duplicate keys and wrong types are
// errors with their line. A file that starts with "{" is read as JSON by
// go-json-experiment's jsontext decoder straight into the file structs
// (json.go): more than ten times faster than the YAML parser, as strict,
// and the rest of reading is shared.
// Ids of claims, links and relations are local to the file; Read qualifies
// them with the document id ("doc/claim"), so two documents may both have a
// claim "thesis". Actor ids are global.
package mapfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"

	"github.com/argmap/argmap/internal/argmap"
)

// Version is the map format version this package reads.
const Version = 1

// MaxFileSize bounds a map file and its text file.
const MaxFileSize = 64 << 20

// File is a map file (docs/map-format.md) as Go types: Read decodes the
// YAML or JSON of a file into it; a program that writes map files (argmap
// gen) fills it and encodes it with encoding/json, leaving out what is
// empty. Keys are the format's; FileQuote's Start and End are nil when the
// quote gives no offsets.
type File struct {
	Version   int            `yaml:"version" json:"version"`
	Document  FileDocument   `yaml:"document" json:"document"`
	Actors    []FileActor    `yaml:"actors" json:"actors"`
	Claims    []FileClaim    `yaml:"claims" json:"claims"`
	Links     []FileLink     `yaml:"links" json:"links,omitempty"`
	Relations []FileRelation `yaml:"relations" json:"relations,omitempty"`
}

// FileDocument is the document of a map file.
type FileDocument struct {
	ID        string `yaml:"id" json:"id"`
	Title     string `yaml:"title" json:"title"`
	Published string `yaml:"published" json:"published"`
	Source    string `yaml:"source" json:"source,omitempty"`
	Language  string `yaml:"language" json:"language,omitempty"`
	TextFile  string `yaml:"textFile" json:"textFile,omitempty"`
	Text      string `yaml:"text" json:"text,omitempty"`
}

// FileQuote is a quote: exact, with offsets or prefix/suffix.
type FileQuote struct {
	Exact  string `yaml:"exact" json:"exact"`
	Prefix string `yaml:"prefix" json:"prefix,omitempty"`
	Suffix string `yaml:"suffix" json:"suffix,omitempty"`
	Start  *int   `yaml:"start" json:"start,omitempty"`
	End    *int   `yaml:"end" json:"end,omitempty"`
}

// FileActor is an actor of a map file.
type FileActor struct {
	ID          string      `yaml:"id" json:"id"`
	Name        string      `yaml:"name" json:"name"`
	Type        string      `yaml:"type" json:"type"`
	Aliases     []string    `yaml:"aliases" json:"aliases,omitempty"`
	PartOf      []string    `yaml:"partOf" json:"partOf,omitempty"`
	Description string      `yaml:"description" json:"description,omitempty"`
	Mentions    []FileQuote `yaml:"mentions" json:"mentions"`
}

// FileMention is an actor a claim is about.
type FileMention struct {
	Actor string    `yaml:"actor" json:"actor"`
	Role  string    `yaml:"role" json:"role"`
	Quote FileQuote `yaml:"quote" json:"quote"`
}

// FileClaim is a claim of a map file.
type FileClaim struct {
	ID       string        `yaml:"id" json:"id"`
	Text     string        `yaml:"text" json:"text"`
	Role     string        `yaml:"role" json:"role"`
	Modality string        `yaml:"modality" json:"modality"`
	Hedging  string        `yaml:"hedging" json:"hedging"`
	HedgeCue string        `yaml:"hedgeCue" json:"hedgeCue,omitempty"`
	Quotes   []FileQuote   `yaml:"quotes" json:"quotes"`
	Actors   []FileMention `yaml:"actors" json:"actors,omitempty"`
}

// FileLink is a supports or attacks link between claims.
type FileLink struct {
	ID    string     `yaml:"id" json:"id"`
	Type  string     `yaml:"type" json:"type"`
	From  string     `yaml:"from" json:"from"`
	To    string     `yaml:"to" json:"to"`
	Kind  string     `yaml:"kind" json:"kind,omitempty"`
	Quote *FileQuote `yaml:"quote" json:"quote,omitempty"`
}

// FileRelation is a relation between two actors.
type FileRelation struct {
	ID       string      `yaml:"id" json:"id"`
	Type     string      `yaml:"type" json:"type"`
	From     string      `yaml:"from" json:"from"`
	To       string      `yaml:"to" json:"to"`
	Modality string      `yaml:"modality" json:"modality"`
	Evidence []string    `yaml:"evidence" json:"evidence"`
	Quotes   []FileQuote `yaml:"quotes" json:"quotes"`
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
	defer f.Close() //nolint:errcheck // read-only: Close cannot lose data
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
//
// A UTF-8 byte-order mark at the start of b is ignored. When the first
// character after it and any whitespace is "{", b is read as JSON (the fast
// path, as strict as YAML: see json.go); otherwise as YAML.
func Read(b []byte, readText func(name string) ([]byte, error)) (*argmap.Map, error) {
	b = bytes.TrimPrefix(b, utf8BOM)
	if isJSON(b) {
		return readJSON(b, readText)
	}
	return readYAML(b, readText)
}

var utf8BOM = []byte("\ufeff")

func readYAML(b []byte, readText func(name string) ([]byte, error)) (*argmap.Map, error) {
	var fm File
	if err := decodeYAML(b, &fm); err != nil {
		return nil, err
	}
	return fm.toMap(readText)
}

func readJSON(b []byte, readText func(name string) ([]byte, error)) (*argmap.Map, error) {
	var fm File
	if err := decodeJSON(b, &fm); err != nil {
		return nil, err
	}
	return fm.toMap(readText)
}

// decodeYAML decodes a YAML map file into fm, strictly: unknown keys,
// duplicate keys and values of the wrong type are errors.
//
// Invalid UTF-8 is refused first, at the line and column of its first byte:
// the YAML decoder would read it as U+FFFD, silently rewriting a title, a
// name or a text, where the JSON path and textFile refuse it.
func decodeYAML(b []byte, fm *File) error {
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, size := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line, col := position(b, off)
		return argmap.Errorf(argmap.EINVALID, "the map file is not valid: [%d:%d] invalid UTF-8 (byte 0x%02X): save the file as UTF-8", line, col, b[off])
	}
	if err := scanYAML(b); err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b), yaml.Strict())
	if err := dec.Decode(fm); err != nil {
		return argmap.Errorf(argmap.EINVALID, "the map file is not valid: %s", yaml.FormatError(err, false, true))
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return argmap.Errorf(argmap.EINVALID, "the map file holds more than one YAML document: put one document's map in each file")
	}
	return nil
}

// toMap checks the version and the document's text and returns the map of
// a decoded file, ids qualified: what follows decoding, for YAML and JSON.
func (fm *File) toMap(readText func(name string) ([]byte, error)) (*argmap.Map, error) {
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

func quote(q FileQuote) argmap.Quote {
	out := argmap.Quote{Exact: q.Exact, Prefix: q.Prefix, Suffix: q.Suffix, Start: argmap.Unanchored, End: argmap.Unanchored}
	if q.Start != nil {
		out.Start = *q.Start
	}
	if q.End != nil {
		out.End = *q.End
	}
	return out
}
