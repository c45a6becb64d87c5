package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/export"
)

// readCSV reads a table back, checks its header and returns its rows by id
// (the first column for nodes, the third for edges).
func readCSV(t *testing.T, b []byte, header string, idCol int) map[string]map[string]string {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.Count(b, []byte("\r\n")) != bytes.Count(b, []byte("\r")) {
		t.Error("records do not end with CRLF, or a CR is not part of one")
	}
	r := csv.NewReader(bytes.NewReader(b))
	recs, err := r.ReadAll() // also checks that every row has the header's width
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != header {
		t.Fatalf("header %q, want %q", got, header)
	}
	rows := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, v := range rec {
			row[recs[0][i]] = v
		}
		if _, dup := rows[rec[idCol]]; dup {
			t.Errorf("id %s twice", rec[idCol])
		}
		rows[rec[idCol]] = row
	}
	return rows
}

func csvExport(t *testing.T, layer export.Layer, maps ...*argmap.Map) (nodes, edges []byte) {
	t.Helper()
	var n, e bytes.Buffer
	if err := export.CSV(&n, &e, maps, layer); err != nil {
		t.Fatal(err)
	}
	return n.Bytes(), e.Bytes()
}

func TestCSVActorNetwork(t *testing.T) {
	m := seed(t)
	nb, eb := csvExport(t, export.ActorNetwork, m)
	nodes := readCSV(t, nb, "id,label,type,aliases,description,part_of,documents", 0)
	edges := readCSV(t, eb, "source,target,id,type,label,modality,evidence,quote,document", 2)
	if len(nodes) != seedActors || len(edges) != seedRelations {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(nodes), len(edges), seedActors, seedRelations)
	}
	if nodes["hts"]["label"] != "Hay’at Tahrir al-Sham" || nodes["hts"]["aliases"] != "HTS; Hayat Tahrir al-Sham; Syria's ruling party" {
		t.Errorf("hts: %v", nodes["hts"])
	}
	for _, r := range m.Relations {
		e := edges[r.ID]
		if e["source"] != r.From || e["target"] != r.To || e["type"] != string(r.Type) || e["modality"] != string(r.Modality) ||
			e["evidence"] != strings.Join(r.Evidence, "; ") || e["quote"] != r.Quotes[0].Exact {
			t.Errorf("relation %s: %v", r.ID, e)
		}
		if nodes[e["source"]] == nil || nodes[e["target"]] == nil {
			t.Errorf("relation %s is not between nodes", r.ID)
		}
	}
}

func TestCSVArgumentGraph(t *testing.T) {
	m := nastySeed(t)
	m.Claims[2].Text = "a lone\rCR"
	nb, eb := csvExport(t, export.ArgumentGraph, m)
	nodes := readCSV(t, nb, "id,label,text,role,modality,hedging,hedge_cue,quote,document", 0)
	edges := readCSV(t, eb, "source,target,id,type,label,kind,target_link,quote,document", 2)
	if len(nodes) != seedClaims || len(edges) != seedLinks {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(nodes), len(edges), seedClaims, seedLinks)
	}
	// Commas, quotes and line breaks survive; every line break reads back as LF.
	for i, want := range []string{strings.ReplaceAll(nasty, "\r\n", "\n"), "Text with \"quotes\", commas,\nand a line break", "a lone\nCR"} {
		if got := nodes[m.Claims[i].ID]["text"]; got != want {
			t.Errorf("claim %d reads back as %q, want %q", i, got, want)
		}
	}
	for _, c := range m.Claims[3:] {
		n := nodes[c.ID]
		if n["text"] != c.Text || n["role"] != string(c.Role) || n["hedging"] != string(c.Hedging) || n["label"] != strings.TrimPrefix(c.ID, seedDoc+"/") {
			t.Errorf("claim %s: %v", c.ID, n)
		}
	}
	for _, l := range m.Links {
		e := edges[l.ID]
		if e["source"] != l.From || e["target"] != l.To || e["type"] != string(l.Type) || e["kind"] != string(l.Kind) || e["target_link"] != l.TargetLink {
			t.Errorf("link %s: %v", l.ID, e)
		}
	}
}

func TestCSVMatchesGraphML(t *testing.T) {
	m := nastySeed(t)
	for _, layer := range []export.Layer{export.ActorNetwork, export.ArgumentGraph} {
		nb, eb := csvExport(t, layer, m)
		gn, ge := parseGraphML(t, graphML(t, layer, m))
		var r [][]string
		for _, part := range []struct {
			b     []byte
			graph map[string]map[string]string
			id    int
		}{{nb, gn, 0}, {eb, ge, 2}} {
			var err error
			if r, err = csv.NewReader(bytes.NewReader(part.b)).ReadAll(); err != nil {
				t.Fatal(err)
			}
			if len(r)-1 != len(part.graph) {
				t.Errorf("%v: %d CSV rows, %d GraphML elements", layer, len(r)-1, len(part.graph))
			}
			for _, rec := range r[1:] {
				g := part.graph[rec[part.id]]
				for i, v := range rec {
					// GraphML keeps a CR; CSV makes it LF.
					if gv := strings.ReplaceAll(g[r[0][i]], "\r\n", "\n"); gv != v {
						t.Errorf("%v %s: %s is %q in CSV, %q in GraphML", layer, rec[part.id], r[0][i], v, gv)
					}
				}
			}
		}
	}
}
