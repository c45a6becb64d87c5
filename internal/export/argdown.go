package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/argmap/argmap/internal/argmap"
)

// Argdown writes the argument layer of the maps in Argdown
// (https://argdown.org):
//
//   - a YAML front matter (=== … ===) with the title (and date, for one
//     document), then comments that say what the export holds;
//   - per document, in id order, a heading with its title and a comment with
//     its id, date and source;
//   - each claim, in id order, as a statement "[title]: text #role
//     #modality #hedging-level" (no hedging tag for "none"; one tag when role
//     and modality are both "recommendation"). The title is the claim's id
//     local to its document (the qualified id where two documents share a
//     local id). The text is on one line, with Argdown's special characters
//     escaped;
//   - under each claim, indented, the links into it in id order: "+ [from]"
//     for a supports link, "- [from]" for a rebut or undermine, each followed
//     by a comment with the link id (and attack kind);
//   - for each supports link that is undercut, an argument named after the
//     link with the undercuts as "_ [from]" relations, and its
//     premise-conclusion structure "(1) [from] ---- (2) [to]", so that the
//     undercut attacks exactly that inference.
//
// Quotes, mentions and actors are left out: Argdown has no place for text
// anchors, and the actor network is a GraphML or CSV export.
func Argdown(w io.Writer, maps []*argmap.Map) error {
	g, err := merge(maps)
	if err != nil {
		return err
	}
	names := claimTitles(g)
	var undercuts []argmap.Link
	for _, l := range g.links {
		if isUndercut(l) {
			undercuts = append(undercuts, l)
		}
	}
	// Link ids name arguments and comments: local ids where unambiguous.
	linkIDs := make([][2]string, len(g.links))
	for i, l := range g.links {
		linkIDs[i] = [2]string{l.DocumentID, l.ID}
	}
	linkNames := titles(linkIDs)
	var undercutLinks []*argmap.Link // supports links that are undercut, in id order
	undercut := map[string][]argmap.Link{}
	for i := range g.links {
		s := &g.links[i]
		for _, u := range undercuts {
			if u.TargetLink == s.ID {
				if len(undercut[s.ID]) == 0 {
					undercutLinks = append(undercutLinks, s)
				}
				undercut[s.ID] = append(undercut[s.ID], u)
			}
		}
	}
	incoming := map[string][]argmap.Link{}
	for _, l := range g.links {
		if !isUndercut(l) {
			incoming[l.To] = append(incoming[l.To], l)
		}
	}

	b := bufio.NewWriter(w)
	// Front matter.
	b.WriteString("===\n")
	if len(g.docs) == 1 {
		fmt.Fprintf(b, "title: %s\n", yamlString(g.docs[0].Title))
		if d := dateOf(g.docs[0]); d != "" {
			fmt.Fprintf(b, "date: %s\n", yamlString(d))
		}
	} else {
		fmt.Fprintf(b, "title: %s\n", yamlString(fmt.Sprintf("Argmap: %d documents", len(g.docs))))
	}
	b.WriteString("===\n\n")
	fmt.Fprintf(b, "// Argmap export of %s: %d claims, %d links (%d undercuts).\n",
		comment(documentsPhrase(docIDs(g.docs))), len(g.claims), len(g.links), len(undercuts))
	b.WriteString("// Statement titles are claim ids; tags give role, modality and hedging.\n")
	b.WriteString("// An undercut attacks an argument named after the supports link it undercuts.\n")

	for _, d := range g.docs {
		heading := d.Title
		if strings.TrimSpace(heading) == "" {
			heading = d.ID
		}
		b.WriteString("\n# " + escapeText(heading) + "\n\n")
		line := "Document " + d.ID
		if date := dateOf(d); date != "" {
			line += ", published " + date
		}
		fmt.Fprintf(b, "// %s\n", comment(line))
		if d.Source != "" {
			fmt.Fprintf(b, "// Source: %s\n", comment(d.Source))
		}
		for _, c := range g.claims {
			if c.DocumentID != d.ID {
				continue
			}
			b.WriteString("\n[" + names[c.ID] + "]: " + escapeText(c.Text) + tags(c) + "\n")
			for _, l := range incoming[c.ID] {
				sign, note := "+", ""
				if l.Type == argmap.LinkAttacks {
					sign = "-"
					if l.Kind != "" {
						note = " (" + comment(string(l.Kind)) + ")"
					}
				}
				fmt.Fprintf(b, "  %s [%s] // %s%s\n", sign, names[l.From], linkNames[l.ID], note)
			}
		}
		for _, s := range undercutLinks {
			if s.DocumentID != d.ID {
				continue
			}
			title := linkNames[s.ID]
			fmt.Fprintf(b, "\n<%s>: The inference of supports link %s.\n", title, escapeText(title))
			for _, u := range undercut[s.ID] {
				fmt.Fprintf(b, "  _ [%s] // %s (undercut)\n", names[u.From], linkNames[u.ID])
			}
			fmt.Fprintf(b, "\n<%s>\n\n(1) [%s]\n----\n(2) [%s]\n", title, names[s.From], names[s.To])
		}
	}
	return b.Flush()
}

func docIDs(docs []argmap.Document) []string {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids
}

// tags returns " #role #modality #hedging-level" for a claim.
func tags(c argmap.Claim) string {
	var list []string
	add := func(t string) {
		t = tagName(t)
		if t != "" && !slices.Contains(list, t) {
			list = append(list, t)
		}
	}
	add(string(c.Role))
	add(string(c.Modality))
	if c.Hedging != "" && c.Hedging != argmap.HedgingNone {
		add("hedging-" + string(c.Hedging))
	}
	if len(list) == 0 {
		return ""
	}
	return " #" + strings.Join(list, " #")
}

// tagName keeps the letters, digits and hyphens of s (underscores become
// hyphens): what an Argdown #tag holds without parentheses.
func tagName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '_':
			b.WriteByte('-')
		case r == '-' || r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeText makes s one line of Argdown text that reads back as s (with its
// runs of white space collapsed into one space): every character that could
// start a reference, mention, tag, emphasis, comment, data block or front
// matter is escaped with a backslash.
func escapeText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch r {
		case '\\', '[', ']', '<', '>', '#', '*', '_', '{', '}', '=', '@':
			b.WriteByte('\\')
		case '.', ':':
			// ".name." and ":name:" are special-character shortcodes.
			if next != 0 && !unicode.IsSpace(next) {
				b.WriteByte('\\')
			}
		case '/':
			// "//" and "/*" start comments.
			if next == '/' || next == '*' {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// comment makes s fit on one comment line.
func comment(s string) string { return strings.Join(strings.Fields(s), " ") }

// yamlString quotes s as a YAML double-quoted scalar (JSON syntax), with "="
// escaped so that no "===" can end the front matter early.
func yamlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.ReplaceAll(strings.TrimSuffix(b.String(), "\n"), "=", `\u003d`)
}
