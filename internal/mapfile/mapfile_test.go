package mapfile_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

// fixtureText is the text of testdata/inline.yaml and testdata/textfile.txt.
const fixtureText = "Hay’at Tahrir al-Sham (HTS) rules Syria. 😀 HTS could unsettle Syria."

// MustFixture returns the bytes of a file under testdata.
func MustFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// MustReplace returns s with old replaced by new, and fails if old is absent.
func MustReplace(tb testing.TB, s []byte, old, new string) []byte {
	tb.Helper()
	if !strings.Contains(string(s), old) {
		tb.Fatalf("fixture has no %q", old)
	}
	return []byte(strings.Replace(string(s), old, new, 1))
}

// MustRead reads a map and fails on error.
func MustRead(tb testing.TB, b []byte) *argmap.Map {
	tb.Helper()
	m, err := mapfile.Read(b, nil)
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return m
}

// checkFixture checks the map of testdata/inline.yaml as Read returns it.
func checkFixture(t *testing.T, m *argmap.Map) {
	t.Helper()
	d := m.Document
	if d.ID != "doc-1" || d.Title != "A small test document" || d.Source != "test fixture" || d.Language != "en" {
		t.Errorf("Document = %+v", d)
	}
	if want := time.Date(2025, 11, 25, 0, 0, 0, 0, time.UTC); !d.Published.Equal(want) {
		t.Errorf("Published = %v, want %v", d.Published, want)
	}
	if d.Text != fixtureText {
		t.Errorf("Text = %q, want %q", d.Text, fixtureText)
	}
	if len(m.Actors) != 2 || len(m.Claims) != 2 || len(m.Links) != 1 || len(m.Relations) != 1 {
		t.Fatalf("got %d actors, %d claims, %d links, %d relations; want 2, 2, 1, 1", len(m.Actors), len(m.Claims), len(m.Links), len(m.Relations))
	}

	hts := m.Actors[0]
	if hts.ID != "hts" || hts.Name != "Hay’at Tahrir al-Sham" || hts.Type != argmap.ActorPoliticalParty ||
		!slices.Equal(hts.Aliases, []string{"HTS"}) || hts.Description != "Syria's ruling party." {
		t.Errorf("actor hts = %+v", hts.Actor)
	}
	if got := hts.Mentions[0]; got.Start != 0 || got.End != 21 || got.Exact != "Hay’at Tahrir al-Sham" {
		t.Errorf("mention with offsets = %+v, want start 0 (not Unanchored) and end 21", got)
	}
	if got := hts.Mentions[1]; got.Start != argmap.Unanchored || got.End != argmap.Unanchored || got.Prefix != "(" || got.Suffix != ")" {
		t.Errorf("mention without offsets = %+v, want Unanchored with prefix ( and suffix )", got)
	}

	t.Run("claim, link and relation ids are qualified", func(t *testing.T) {
		if got := m.Claims[0].ID; got != "doc-1/rules" {
			t.Errorf("claim id = %q, want doc-1/rules", got)
		}
		if l := m.Links[0]; l.ID != "doc-1/l-rules-risk" || l.From != "doc-1/rules" || l.To != "doc-1/risk" || l.Type != argmap.LinkSupports {
			t.Errorf("link = %+v", l)
		}
		r := m.Relations[0]
		if r.ID != "doc-1/r-hts-risk-syria" || !slices.Equal(r.Evidence, []string{"doc-1/risk"}) {
			t.Errorf("relation id %q, evidence %q", r.ID, r.Evidence)
		}
		if r.From != "hts" || r.To != "syria" {
			t.Errorf("relation actors %q -> %q: actor ids are global and must not be qualified", r.From, r.To)
		}
		if got := m.Claims[0].Mentions[0].ActorID; got != "HTS" {
			t.Errorf("claim actor = %q, want the reference as written (HTS)", got)
		}
	})

	t.Run("claim fields", func(t *testing.T) {
		c := m.Claims[1]
		if c.Text != "HTS could unsettle Syria." || c.Role != argmap.RoleThesis || c.Modality != argmap.ModalityRisk ||
			c.Hedging != argmap.HedgingPossible || c.HedgeCue != "could" {
			t.Errorf("claim = %+v", c)
		}
		if q := c.Quotes[0]; q.Start != argmap.Unanchored || q.End != argmap.Unanchored || q.Exact != "could unsettle Syria" {
			t.Errorf("quote = %+v, want Unanchored", q)
		}
		if mn := m.Claims[0].Mentions[0]; mn.Role != argmap.MentionAgent || mn.Quote.Start != argmap.Unanchored {
			t.Errorf("mention = %+v", mn)
		}
	})

	t.Run("validates and anchors the quotes", func(t *testing.T) {
		if err := m.Validate(); err != nil {
			t.Fatalf("Validate: %v", err)
		}
		checks := []struct {
			name       string
			q          argmap.Quote
			start, end int
		}{
			{"mention located by prefix and suffix", m.Actors[0].Mentions[1], 23, 26},
			{"mention located by prefix", m.Actors[1].Mentions[0], 34, 39},
			{"claim quote located", m.Claims[1].Quotes[0], 47, 67},
			{"claim actor quote", m.Claims[0].Mentions[0].Quote, 23, 26},
			{"relation quote after an emoji", m.Relations[0].Quotes[0], 43, 67},
		}
		for _, c := range checks {
			if c.q.Start != c.start || c.q.End != c.end {
				t.Errorf("%s: [%d,%d), want [%d,%d)", c.name, c.q.Start, c.q.End, c.start, c.end)
			}
		}
		if got := m.Claims[0].Mentions[0].ActorID; got != "hts" {
			t.Errorf("claim actor HTS resolved to %q, want hts", got)
		}
	})
}

func TestReadInlineText(t *testing.T) {
	checkFixture(t, MustRead(t, MustFixture(t, "inline.yaml")))
}

func TestReadFileWithTextFile(t *testing.T) {
	m, err := mapfile.ReadFile(filepath.Join("testdata", "textfile.yaml"))
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	checkFixture(t, m)
}

func TestReadFileTextFileAbsolutePath(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "elsewhere.txt")
	if err := os.WriteFile(text, []byte(fixtureText), 0o600); err != nil {
		t.Fatal(err)
	}
	b := MustReplace(t, MustFixture(t, "textfile.yaml"), "textFile: textfile.txt", "textFile: "+text)
	path := filepath.Join(dir, "map.yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := mapfile.ReadFile(path)
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	if m.Document.Text != fixtureText {
		t.Errorf("Text = %q, want %q", m.Document.Text, fixtureText)
	}
}

func TestReadJSON(t *testing.T) {
	m := MustRead(t, MustFixture(t, "minimal.json"))
	if m.Document.ID != "doc-json" || m.Claims[0].ID != "doc-json/joins" {
		t.Fatalf("document %q, claim %q", m.Document.ID, m.Claims[0].ID)
	}
	if q := m.Claims[0].Quotes[0]; q.Start != 6 || q.End != 25 {
		t.Errorf("quote = [%d,%d), want [6,25)", q.Start, q.End)
	}
	if err := m.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestReadQuoteOffsets(t *testing.T) {
	base := MustFixture(t, "inline.yaml")
	tests := []struct {
		name       string
		old, new   string
		start, end int
	}{
		{"both", "{exact: could unsettle Syria}", "{exact: could unsettle Syria, start: 47, end: 67}", 47, 67},
		{"neither", "{exact: could unsettle Syria}", "{exact: could unsettle Syria}", argmap.Unanchored, argmap.Unanchored},
		{"start zero is not missing", "{exact: could unsettle Syria}", "{exact: could unsettle Syria, start: 0, end: 0}", 0, 0},
		{"start only", "{exact: could unsettle Syria}", "{exact: could unsettle Syria, start: 47}", 47, argmap.Unanchored},
		{"end only", "{exact: could unsettle Syria}", "{exact: could unsettle Syria, end: 67}", argmap.Unanchored, 67},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MustRead(t, MustReplace(t, base, tt.old, tt.new))
			q := m.Claims[1].Quotes[0]
			if q.Start != tt.start || q.End != tt.end {
				t.Errorf("quote = [%d,%d), want [%d,%d)", q.Start, q.End, tt.start, tt.end)
			}
		})
	}
}

func TestReadRejects(t *testing.T) {
	base := MustFixture(t, "inline.yaml")
	tests := []struct {
		name     string
		old, new string   // edit of testdata/inline.yaml; old "" replaces the whole file with new
		field    string   // ErrorField, when the error names one
		contains []string // in the error message
	}{
		{name: "unknown top-level key", old: "version: 1\n", new: "version: 1\nauthor: me\n",
			contains: []string{"author"}},
		{name: "unknown document key", old: "  source: test fixture", new: "  sourse: test fixture",
			contains: []string{"sourse"}},
		{name: "unknown quote key", old: "{exact: could unsettle Syria}", new: "{exact: could unsettle Syria, strat: 47}",
			contains: []string{"strat"}},
		{name: "unknown claim key", old: "  hedgeCue: could\n", new: "  hedgeCue: could\n  confidence: high\n",
			contains: []string{"confidence"}},
		{name: "duplicate key", old: "  language: en\n", new: "  language: en\n  language: fr\n",
			contains: []string{`"language" already defined`}},
		{name: "duplicate key in a flow mapping", old: "{exact: could unsettle Syria}", new: "{exact: could unsettle Syria, exact: HTS}",
			contains: []string{`"exact" already defined`}},
		{name: "offset is not a number", old: "start: 0, end: 21", new: "start: zero, end: 21",
			contains: []string{"[18:", "zero"}},
		{name: "aliases is not a list", old: "aliases: [HTS]", new: "aliases: {HTS: yes}", contains: []string{"[15:"}},
		{name: "actors is not a list", old: "actors:\n- id: hts\n", new: "actors:\n  id: hts\n"},
		{name: "version 2", old: "version: 1", new: "version: 2", field: "version",
			contains: []string{"version 2", "version 1"}},
		{name: "version missing", old: "version: 1\n", new: "", field: "version",
			contains: []string{"has no version", "version: 1"}},
		{name: "version is not a number", old: "version: 1", new: "version: one", contains: []string{"[3:"}},
		{name: "published not ISO", old: "published: 2025-11-25", new: "published: 25/11/2025", field: "document.published",
			contains: []string{"25/11/2025"}},
		{name: "published impossible date", old: "published: 2025-11-25", new: "published: 2025-13-01", field: "document.published"},
		{name: "published with time", old: "published: 2025-11-25", new: "published: 2025-11-25T10:00:00Z", field: "document.published"},
		{name: "both text and textFile", old: "  language: en\n", new: "  language: en\n  textFile: textfile.txt\n",
			field: "document.textFile", contains: []string{"not both"}},
		{name: "empty file", old: "", new: ""},
		{name: "not a mapping", old: "", new: "- version: 1\n"},
		{name: "not YAML", old: "", new: "version: [1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.new)
			if tt.old != "" {
				b = MustReplace(t, base, tt.old, tt.new)
			}
			m, err := mapfile.Read(b, nil)
			if err == nil {
				t.Fatalf("Read succeeded (%+v), want an error", m.Document)
			}
			t.Logf("error: %v", err)
			if code := argmap.ErrorCode(err); code != argmap.EINVALID {
				t.Errorf("ErrorCode = %q, want %q: %v", code, argmap.EINVALID, err)
			}
			if tt.field != "" {
				if f := argmap.ErrorField(err); f != tt.field {
					t.Errorf("ErrorField = %q, want %q: %v", f, tt.field, err)
				}
			}
			for _, c := range tt.contains {
				if !strings.Contains(argmap.ErrorMessage(err), c) {
					t.Errorf("message %q does not mention %q", argmap.ErrorMessage(err), c)
				}
			}
		})
	}
}

func TestReadErrorGivesTheLine(t *testing.T) {
	b := MustReplace(t, MustFixture(t, "inline.yaml"), "  source: test fixture", "  sourse: test fixture")
	_, err := mapfile.Read(b, nil)
	if err == nil {
		t.Fatal("Read succeeded, want an error")
	}
	// sourse is on line 8 of the edited fixture.
	if msg := argmap.ErrorMessage(err); !strings.Contains(msg, "[8:") {
		t.Errorf("message %q does not give the line of the unknown key", msg)
	}
}

func TestReadTextFile(t *testing.T) {
	base := MustReplace(t, MustFixture(t, "inline.yaml"), "  text: \"Hay’at Tahrir al-Sham (HTS) rules Syria. 😀 HTS could unsettle Syria.\"", "  textFile: some/text.txt")

	t.Run("reader gets the name as written", func(t *testing.T) {
		var asked []string
		m, err := mapfile.Read(base, func(name string) ([]byte, error) {
			asked = append(asked, name)
			return []byte(fixtureText), nil
		})
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if !slices.Equal(asked, []string{"some/text.txt"}) {
			t.Errorf("reader asked for %q, want [some/text.txt]", asked)
		}
		if m.Document.Text != fixtureText {
			t.Errorf("Text = %q", m.Document.Text)
		}
	})

	t.Run("reader error is returned", func(t *testing.T) {
		want := argmap.Errorf(argmap.EINVALID, "cannot open some/text.txt")
		_, err := mapfile.Read(base, func(string) ([]byte, error) { return nil, want })
		if !errors.Is(err, want) {
			t.Errorf("err = %v, want %v", err, want)
		}
	})

	t.Run("no reader", func(t *testing.T) {
		_, err := mapfile.Read(base, nil)
		if argmap.ErrorCode(err) != argmap.EINVALID || argmap.ErrorField(err) != "document.textFile" {
			t.Errorf("err = %v, want BAD_USER_INPUT on document.textFile", err)
		}
	})
}

func TestReadFileMissing(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		contains string
	}{
		{"missing text file", filepath.Join("testdata", "missing-text.yaml"), "no-such-text.txt"},
		{"missing map file", filepath.Join("testdata", "no-such-map.yaml"), "no-such-map.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := mapfile.ReadFile(tt.path)
			if err == nil {
				t.Fatalf("ReadFile succeeded (%q), want an error", m.Document.ID)
			}
			if code := argmap.ErrorCode(err); code != argmap.EINVALID {
				t.Errorf("ErrorCode = %q, want %q: %v", code, argmap.EINVALID, err)
			}
			if msg := argmap.ErrorMessage(err); !strings.Contains(msg, tt.contains) {
				t.Errorf("message %q does not name %q", msg, tt.contains)
			}
		})
	}
}

func TestQualifyLocal(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		local     string
		qualified string
	}{
		{"claim", "doc-1", "thesis", "doc-1/thesis"},
		{"local id with a slash", "doc-1", "a/b", "doc-1/a/b"},
		{"empty stays empty", "doc-1", "", ""},
		{"document id with a slash", "2025/syria", "thesis", "2025/syria/thesis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := mapfile.Qualify(tt.doc, tt.local)
			if q != tt.qualified {
				t.Errorf("Qualify(%q, %q) = %q, want %q", tt.doc, tt.local, q, tt.qualified)
			}
			if l := mapfile.Local(tt.doc, q); l != tt.local {
				t.Errorf("Local(%q, %q) = %q, want %q", tt.doc, q, l, tt.local)
			}
		})
	}

	locals := []struct {
		name    string
		doc, id string
		want    string
	}{
		{"other document's id is left alone", "doc-1", "doc-2/thesis", "doc-2/thesis"},
		{"document id that is a prefix of another", "doc", "doc-1/thesis", "doc-1/thesis"},
		{"unqualified id", "doc-1", "thesis", "thesis"},
		{"only one level is removed", "doc-1", "doc-1/doc-1/x", "doc-1/x"},
	}
	for _, tt := range locals {
		t.Run(tt.name, func(t *testing.T) {
			if got := mapfile.Local(tt.doc, tt.id); got != tt.want {
				t.Errorf("Local(%q, %q) = %q, want %q", tt.doc, tt.id, got, tt.want)
			}
		})
	}
}

// TestReadRejectsSecondDocument: reading is strict, so a second YAML document
// after the map (two maps concatenated, or a stray "---") must not be
// silently dropped.
func TestReadRejectsSecondDocument(t *testing.T) {
	tests := []struct {
		name   string
		suffix string
	}{
		{"second map", "---\nversion: 1\ndocument:\n  id: doc-2\n"},
		{"second document with unknown keys", "---\nversion: 2\nbogus: 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := append(MustFixture(t, "inline.yaml"), tt.suffix...)
			m, err := mapfile.Read(b, nil)
			if err == nil {
				t.Fatalf("Read succeeded with document %q and ignored what follows ---, want BAD_USER_INPUT", m.Document.ID)
			}
			if code := argmap.ErrorCode(err); code != argmap.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", code, argmap.EINVALID)
			}
		})
	}
}

// Invalid UTF-8 in a YAML map is refused at its line and column, in every
// field, as the JSON path refuses it (issue 11: the YAML decoder rewrote it
// to U+FFFD silently).
func TestReadYAMLRefusesInvalidUTF8(t *testing.T) {
	base := string(MustFixture(t, "inline.yaml"))
	for _, field := range []string{"title: ", "name: ", "text: "} {
		i := strings.Index(base, field)
		if i < 0 {
			t.Fatalf("the fixture has no %q", field)
		}
		at := i + len(field)
		b := []byte(base[:at] + "\xff" + base[at:])
		_, err := mapfile.Read(b, nil)
		line := strings.Count(base[:at], "\n") + 1
		col := at - strings.LastIndex(base[:at], "\n")
		want := fmt.Sprintf("[%d:%d] invalid UTF-8", line, col)
		if argmap.ErrorCode(err) != argmap.EINVALID || !strings.Contains(argmap.ErrorMessage(err), want) {
			t.Errorf("\\xff after %q: %v, want BAD_USER_INPUT naming %s", field, err, want)
		}
	}
}
