package neo4jtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

// Corpus returns n small valid maps (before Validate) that exercise what a
// bulk load must get right: actors shared across documents and defined
// differently by each (name, type, description, aliases), document ids that
// do not sort in the order the maps come in (aliases are merged in
// document-id order), mentions, part-of, supports, rebuttals, undercuts
// and actor relations. Actor ids are prefixed with prefix, so that two
// corpora can share a database without their actors clashing.
func Corpus(n int, prefix string) []*argmap.Map {
	const pool = 9
	actorTypes := []argmap.ActorType{argmap.ActorState, argmap.ActorArmedGroup, argmap.ActorPerson}
	var maps []*argmap.Map
	for d := 0; d < n; d++ {
		// Ids run backwards against the order of the maps.
		docID := fmt.Sprintf("%sdoc-%03d", prefix, 999-d)
		m := &argmap.Map{Document: argmap.Document{ID: docID, Title: fmt.Sprintf("Synthetic analysis %d", d),
			Published: time.Date(2025, 1, 1+d%28, 0, 0, 0, 0, time.UTC), Source: "neo4jtest.Corpus", Language: "en"}}
		var text strings.Builder
		quote := func(s string) argmap.Quote {
			start := text.Len() // ASCII: bytes are code points
			text.WriteString(s)
			return argmap.Quote{Exact: s, Start: start, End: start + len(s)}
		}
		// Four actors per document, from a pool of nine: each actor is
		// named by many documents, in many batches.
		ids := make([]string, 4)
		names := make([]string, 4)
		for k := range 4 {
			a := (d*2 + k*k) % pool
			if k > 0 && ids[k-1] == fmt.Sprintf("%sactor-%d", prefix, a) {
				a = (a + 1) % pool
			}
			ids[k] = fmt.Sprintf("%sactor-%d", prefix, a)
			names[k] = fmt.Sprintf("Actor %s%d", prefix, a)
		}
		for k, id := range ids {
			if k > 0 && contains(ids[:k], id) {
				continue
			}
			ma := argmap.MapActor{Actor: argmap.Actor{ID: id, Name: names[k], Type: actorTypes[(d+k)%len(actorTypes)],
				Description: fmt.Sprintf("As document %d describes it.", d),
				Aliases:     []string{fmt.Sprintf("%s alias %d", names[k], d%3)}}}
			if d%2 == 0 {
				ma.Aliases = append(ma.Aliases, fmt.Sprintf("%s (short)", names[k]))
			}
			ma.Mentions = []argmap.Quote{quote(names[k])}
			text.WriteString(" is named here. ")
			if k == 1 && ids[0] != id {
				ma.PartOf = []string{ids[0]}
			}
			m.Actors = append(m.Actors, ma)
		}
		for c := 0; c < 6; c++ {
			who := m.Actors[c%len(m.Actors)]
			mention := quote(who.Name)
			rest := quote(fmt.Sprintf(" makes point %d of document %d.", c, d))
			q := argmap.Quote{Exact: mention.Exact + rest.Exact, Start: mention.Start, End: rest.End}
			text.WriteString(" ")
			m.Claims = append(m.Claims, argmap.Claim{ID: fmt.Sprintf("%s/c%d", docID, c), Text: fmt.Sprintf("Point %d.", c),
				Role: argmap.RolePremise, Modality: argmap.ModalityAssertion, Hedging: argmap.HedgingNone, Quotes: []argmap.Quote{q},
				Mentions: []argmap.Mention{{ActorID: who.ID, Role: argmap.MentionSubject, Quote: mention}}})
		}
		claim := func(c int) string { return fmt.Sprintf("%s/c%d", docID, c) }
		but := quote("But")
		text.WriteString(" that is all.")
		m.Links = []argmap.Link{
			{ID: docID + "/l1", Type: argmap.LinkSupports, From: claim(1), To: claim(0)},
			{ID: docID + "/l2", Type: argmap.LinkSupports, From: claim(2), To: claim(0)},
			{ID: docID + "/l3", Type: argmap.LinkAttacks, Kind: argmap.AttackRebut, From: claim(3), To: claim(0), Quote: &but},
			{ID: docID + "/l4", Type: argmap.LinkAttacks, Kind: argmap.AttackUndercut, From: claim(4), To: docID + "/l2"},
		}
		rels := []argmap.RelationType{argmap.RelRiskTo, argmap.RelSupports, argmap.RelOpposes, argmap.RelLeads}
		for r := 0; r < 2 && r+1 < len(m.Actors); r++ {
			m.Relations = append(m.Relations, argmap.Relation{ID: fmt.Sprintf("%s/r%d", docID, r), Type: rels[(d+r)%len(rels)],
				From: m.Actors[r].ID, To: m.Actors[r+1].ID, Modality: argmap.RelationPotential,
				Evidence: []string{claim(r)}, Quotes: []argmap.Quote{m.Claims[r].Quotes[0]}})
		}
		m.Document.Text = text.String()
		maps = append(maps, m)
	}
	return maps
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// WriteCorpus writes maps as JSON map files (docs/map-format.md) under dir,
// one per file named NNNN.json in the maps' order, and returns the paths.
// Every other map keeps its text in a text file of its own (textFile).
func WriteCorpus(tb testing.TB, dir string, maps []*argmap.Map) []string {
	tb.Helper()
	var paths []string
	for i, m := range maps {
		path := filepath.Join(dir, fmt.Sprintf("%04d.json", i))
		textFile := ""
		if i%2 == 1 {
			textFile = fmt.Sprintf("%04d.txt", i)
			if err := os.WriteFile(filepath.Join(dir, textFile), []byte(m.Document.Text), 0o600); err != nil {
				tb.Fatal(err)
			}
		}
		b, err := json.MarshalIndent(MapFile(m, textFile), "", " ")
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// MapFile returns the map file form of m (to be encoded as JSON), with its
// text inline or, when textFile is not empty, named as its text file.
func MapFile(m *argmap.Map, textFile string) mapfile.File {
	local := func(id string) string { return mapfile.Local(m.Document.ID, id) }
	q := func(x argmap.Quote) mapfile.FileQuote {
		out := mapfile.FileQuote{Exact: x.Exact}
		if x.Start != argmap.Unanchored {
			out.Start, out.End = &x.Start, &x.End
		}
		return out
	}
	qs := func(l []argmap.Quote) []mapfile.FileQuote {
		out := []mapfile.FileQuote{}
		for _, x := range l {
			out = append(out, q(x))
		}
		return out
	}
	d := m.Document
	f := mapfile.File{Version: mapfile.Version, Document: mapfile.FileDocument{ID: d.ID, Title: d.Title,
		Published: d.Published.Format(time.DateOnly), Source: d.Source, Language: d.Language, TextFile: textFile}}
	if textFile == "" {
		f.Document.Text = d.Text
	}
	for _, a := range m.Actors {
		f.Actors = append(f.Actors, mapfile.FileActor{ID: a.ID, Name: a.Name, Type: string(a.Type), Aliases: a.Aliases,
			PartOf: a.PartOf, Description: a.Description, Mentions: qs(a.Mentions)})
	}
	for _, c := range m.Claims {
		fc := mapfile.FileClaim{ID: local(c.ID), Text: c.Text, Role: string(c.Role), Modality: string(c.Modality),
			Hedging: string(c.Hedging), HedgeCue: c.HedgeCue, Quotes: qs(c.Quotes)}
		for _, mn := range c.Mentions {
			fc.Actors = append(fc.Actors, mapfile.FileMention{Actor: mn.ActorID, Role: string(mn.Role), Quote: q(mn.Quote)})
		}
		f.Claims = append(f.Claims, fc)
	}
	for _, l := range m.Links {
		to := l.To
		if l.TargetLink != "" {
			to = l.TargetLink // an undercut names the supports link it attacks
		}
		fl := mapfile.FileLink{ID: local(l.ID), Type: string(l.Type), From: local(l.From), To: local(to), Kind: string(l.Kind)}
		if l.Quote != nil {
			lq := q(*l.Quote)
			fl.Quote = &lq
		}
		f.Links = append(f.Links, fl)
	}
	for _, r := range m.Relations {
		var ev []string
		for _, e := range r.Evidence {
			ev = append(ev, local(e))
		}
		f.Relations = append(f.Relations, mapfile.FileRelation{ID: local(r.ID), Type: string(r.Type), From: r.From, To: r.To,
			Modality: string(r.Modality), Evidence: ev, Quotes: qs(r.Quotes)})
	}
	return f
}
