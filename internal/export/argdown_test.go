package export_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/export"
)

var (
	statementLine = regexp.MustCompile(`^\[([^\]]*)\]: (.*)$`)
	relationLine  = regexp.MustCompile(`^  ([+\-_]) \[([^\]]*)\] // (\S+)(?: \((\w+)\))?$`)
	argumentLine  = regexp.MustCompile(`^<([^>]*)>: `)
	safeTitle     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]*$`)
	trailingTags  = regexp.MustCompile(`( #[A-Za-z0-9-]+)*$`)
)

func argdown(tb testing.TB, maps ...*argmap.Map) string {
	tb.Helper()
	var b bytes.Buffer
	if err := export.Argdown(&b, maps); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// unescape reads back the text of a statement line: without its tags and
// with its backslash escapes resolved.
func unescape(s string) string {
	s = trailingTags.ReplaceAllString(s, "")
	var b strings.Builder
	esc := false
	for _, r := range s {
		if !esc && r == '\\' {
			esc = true
			continue
		}
		esc = false
		b.WriteRune(r)
	}
	return b.String()
}

type parsedArgdown struct {
	statements map[string]string   // title -> line text
	tags       map[string]string   // title -> tags
	relations  map[string][]string // link id -> [sign, from title, under title, kind]
	arguments  []string
}

func parseArgdown(t *testing.T, out string) parsedArgdown {
	t.Helper()
	p := parsedArgdown{statements: map[string]string{}, tags: map[string]string{}, relations: map[string][]string{}}
	under := ""
	for i, line := range strings.Split(out, "\n") {
		if m := statementLine.FindStringSubmatch(line); m != nil {
			if _, dup := p.statements[m[1]]; dup {
				t.Errorf("line %d: statement [%s] defined twice", i+1, m[1])
			}
			p.statements[m[1]] = m[2]
			p.tags[m[1]] = strings.TrimSpace(trailingTags.FindString(m[2]))
			under = "[" + m[1] + "]"
		} else if m := argumentLine.FindStringSubmatch(line); m != nil {
			p.arguments = append(p.arguments, m[1])
			under = "<" + m[1] + ">"
		} else if m := relationLine.FindStringSubmatch(line); m != nil {
			if _, dup := p.relations[m[3]]; dup {
				t.Errorf("line %d: link %s twice", i+1, m[3])
			}
			p.relations[m[3]] = []string{m[1], m[2], under, m[4]}
		} else if strings.HasPrefix(line, "  ") {
			t.Errorf("line %d: unexpected indented line %q", i+1, line)
		}
	}
	return p
}

func TestArgdownSeed(t *testing.T) {
	m := seed(t)
	out := argdown(t, m)
	p := parseArgdown(t, out)

	if !strings.HasPrefix(out, "===\ntitle: \"Syria’s anti-ISIS gamble threatens internal stability\"\ndate: \"2025-11-25\"\n===\n") {
		t.Errorf("front matter:\n%.200s", out)
	}
	if !strings.Contains(out, "\n// Document "+seedDoc+", published 2025-11-25\n") {
		t.Error("no header comment with the document id and date")
	}
	if !strings.Contains(out, "\n# Syria’s anti-ISIS gamble threatens internal stability\n") {
		t.Error("no heading with the document title")
	}

	if len(p.statements) != seedClaims {
		t.Errorf("%d statements, want %d", len(p.statements), seedClaims)
	}
	for title := range p.statements {
		if !safeTitle.MatchString(title) {
			t.Errorf("title %q is not safe", title)
		}
	}
	for _, c := range m.Claims {
		title := strings.TrimPrefix(c.ID, seedDoc+"/")
		text, ok := p.statements[title]
		if !ok {
			t.Errorf("claim %s has no statement", c.ID)
			continue
		}
		if got, want := unescape(text), strings.Join(strings.Fields(c.Text), " "); got != want {
			t.Errorf("claim %s reads back as\n%q, want\n%q", c.ID, got, want)
		}
		want := "#" + string(c.Role)
		if string(c.Modality) != string(c.Role) {
			want += " #" + string(c.Modality)
		}
		if c.Hedging != argmap.HedgingNone {
			want += " #hedging-" + string(c.Hedging)
		}
		if p.tags[title] != want {
			t.Errorf("claim %s: tags %q, want %q", c.ID, p.tags[title], want)
		}
	}

	if len(p.relations) != seedLinks {
		t.Errorf("%d relations, want %d", len(p.relations), seedLinks)
	}
	for _, l := range m.Links {
		local := strings.TrimPrefix(l.ID, seedDoc+"/")
		r, ok := p.relations[local]
		if !ok {
			t.Errorf("link %s has no relation", l.ID)
			continue
		}
		from := strings.TrimPrefix(l.From, seedDoc+"/")
		var want []string
		switch {
		case l.Type == argmap.LinkSupports:
			want = []string{"+", from, "[" + strings.TrimPrefix(l.To, seedDoc+"/") + "]", ""}
		case l.Kind == argmap.AttackUndercut:
			want = []string{"_", from, "<" + strings.TrimPrefix(l.TargetLink, seedDoc+"/") + ">", "undercut"}
		default:
			want = []string{"-", from, "[" + strings.TrimPrefix(l.To, seedDoc+"/") + "]", string(l.Kind)}
		}
		if strings.Join(r, " ") != strings.Join(want, " ") {
			t.Errorf("link %s: %q, want %q", l.ID, r, want)
		}
	}

	// The two undercut inferences, each with its premise-conclusion structure.
	if got := strings.Join(p.arguments, " "); got != "l-narrative-stability l-sdf-stability" {
		t.Errorf("arguments %q", got)
	}
	for _, pcs := range []string{
		"<l-narrative-stability>\n\n(1) [new-narrative]\n----\n(2) [steps-stability]\n",
		"<l-sdf-stability>\n\n(1) [sdf-absorption]\n----\n(2) [steps-stability]\n",
	} {
		if !strings.Contains(out, "\n\n"+pcs) {
			t.Errorf("no argument\n%s", pcs)
		}
	}
}

// nasty is a claim text made of what Argdown would read as markup.
const nasty = "A [ref] and <arg>, #tag, *bold* __it__, {data: 1}, === front, @[mention], a\\b, " +
	"e.g. U.S.-led, 12:30 :smile: .dot., http://x.org/*c*/ // comment <!-- html --> end.\n  second   line\r\n" +
	"+ not a relation; - nor this; (1) [x]: y; <a>: b; ---- [t](http://l) _x_ \\[ \\ "

// nastySeed is the seed map with markup in a claim text and in the title.
func nastySeed(tb testing.TB) *argmap.Map {
	m := seed(tb)
	m.Claims[0].Text = nasty
	m.Claims[1].Text = "Text with \"quotes\", commas,\nand a line break"
	m.Document.Title = "Title with [brackets] # and === and \"quotes\"\nand a line break"
	return m
}

func TestArgdownEscapes(t *testing.T) {
	m := nastySeed(t)
	out := argdown(t, m)
	p := parseArgdown(t, out)
	title := strings.TrimPrefix(m.Claims[0].ID, seedDoc+"/")
	if got, want := unescape(p.statements[title]), strings.Join(strings.Fields(nasty), " "); got != want {
		t.Errorf("reads back as\n%q, want\n%q", got, want)
	}
	front := out[:strings.Index(out[3:], "===")+6]
	if strings.Count(out, "===") != 2 || !strings.Contains(front, `title: "Title with [brackets] # and \u003d\u003d\u003d and \"quotes\"\nand a line break"`) {
		t.Errorf("front matter:\n%s", front)
	}
	if !strings.Contains(out, "\n# Title with \\[brackets\\] \\# and \\=\\=\\= and \"quotes\" and a line break\n") {
		t.Error("heading not escaped")
	}
}

func TestArgdownSeveralDocuments(t *testing.T) {
	out := argdown(t, seed(t), seedAs(t, "b-doc"))
	p := parseArgdown(t, out)
	if len(p.statements) != 2*seedClaims || len(p.relations) != 2*seedLinks {
		t.Errorf("%d statements and %d relations, want %d and %d", len(p.statements), len(p.relations), 2*seedClaims, 2*seedLinks)
	}
	// Both documents have a claim "thesis": the titles are qualified.
	for _, title := range []string{seedDoc + "/thesis", "b-doc/thesis"} {
		if _, ok := p.statements[title]; !ok {
			t.Errorf("no statement [%s]", title)
		}
	}
	if i, j := strings.Index(out, "\n// Document b-doc"), strings.Index(out, "\n// Document "+seedDoc); i < 0 || j < i {
		t.Error("documents are not in id order")
	}
	if !strings.HasPrefix(out, "===\ntitle: \"Argmap: 2 documents\"\n===\n") {
		t.Errorf("front matter:\n%.100s", out)
	}
}
