package export_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/export"
)

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type gmlDoc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		ID          string `xml:"id,attr"`
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string    `xml:"id,attr"`
			Data []gmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string    `xml:"id,attr"`
			Source string    `xml:"source,attr"`
			Target string    `xml:"target,attr"`
			Data   []gmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

// parseGraphML reads a GraphML export back and checks its structure: keys
// declared with a name and a type, data only for declared keys, unique ids,
// edges between nodes. It returns the node and edge attributes by id and
// attribute name.
func parseGraphML(t *testing.T, b []byte) (nodes, edges map[string]map[string]string) {
	t.Helper()
	var doc gmlDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the GraphML does not parse: %v", err)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault %q", doc.Graph.EdgeDefault)
	}
	keyName := map[string]string{}
	for _, k := range doc.Keys {
		if k.ID == "" || k.Name == "" || k.Type != "string" || (k.For != "node" && k.For != "edge") {
			t.Errorf("key %+v", k)
		}
		if _, dup := keyName[k.ID]; dup {
			t.Errorf("key id %s twice", k.ID)
		}
		keyName[k.ID] = k.For + ":" + k.Name
	}
	attrs := func(kind, id string, data []gmlData) map[string]string {
		m := map[string]string{"id": id}
		for _, d := range data {
			name, ok := strings.CutPrefix(keyName[d.Key], kind+":")
			if !ok {
				t.Errorf("%s %s: data for key %q, which is not a declared %s key", kind, id, d.Key, kind)
			}
			m[name] = d.Value
		}
		return m
	}
	nodes, edges = map[string]map[string]string{}, map[string]map[string]string{}
	for _, n := range doc.Graph.Nodes {
		if _, dup := nodes[n.ID]; dup || n.ID == "" {
			t.Errorf("node id %q empty or twice", n.ID)
		}
		nodes[n.ID] = attrs("node", n.ID, n.Data)
	}
	for _, e := range doc.Graph.Edges {
		if _, dup := edges[e.ID]; dup || e.ID == "" {
			t.Errorf("edge id %q empty or twice", e.ID)
		}
		if nodes[e.Source] == nil || nodes[e.Target] == nil {
			t.Errorf("edge %s: %s -> %s is not between nodes", e.ID, e.Source, e.Target)
		}
		edges[e.ID] = attrs("edge", e.ID, e.Data)
		edges[e.ID]["source"], edges[e.ID]["target"] = e.Source, e.Target
	}
	return nodes, edges
}

func graphML(t *testing.T, layer export.Layer, maps ...*argmap.Map) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := export.GraphML(&b, maps, layer); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGraphMLActorNetwork(t *testing.T) {
	m := seed(t)
	nodes, edges := parseGraphML(t, graphML(t, export.ActorNetwork, m))
	if len(nodes) != seedActors || len(edges) != seedRelations {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(nodes), len(edges), seedActors, seedRelations)
	}
	hts := nodes["hts"]
	if hts["label"] != "Hay’at Tahrir al-Sham" || hts["type"] != "political_party" ||
		hts["aliases"] != "HTS; Hayat Tahrir al-Sham; Syria's ruling party" || hts["documents"] != seedDoc {
		t.Errorf("hts: %v", hts)
	}
	if got := nodes["hts-hardliners"]["part_of"]; got != "hts" {
		t.Errorf("hts-hardliners part_of %q", got)
	}
	for _, r := range m.Relations {
		e := edges[r.ID]
		if e == nil {
			t.Errorf("relation %s: no edge", r.ID)
			continue
		}
		want := map[string]string{"id": r.ID, "source": r.From, "target": r.To, "type": string(r.Type), "label": string(r.Type),
			"modality": string(r.Modality), "evidence": strings.Join(r.Evidence, "; "), "quote": r.Quotes[0].Exact, "document": seedDoc}
		for k, v := range want {
			if e[k] != v {
				t.Errorf("relation %s: %s = %q, want %q", r.ID, k, e[k], v)
			}
		}
	}
}

func TestGraphMLArgumentGraph(t *testing.T) {
	m := nastySeed(t)
	nodes, edges := parseGraphML(t, graphML(t, export.ArgumentGraph, m))
	if len(nodes) != seedClaims || len(edges) != seedLinks {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(nodes), len(edges), seedClaims, seedLinks)
	}
	for _, c := range m.Claims {
		n := nodes[c.ID]
		want := map[string]string{"label": strings.TrimPrefix(c.ID, seedDoc+"/"), "text": c.Text, "role": string(c.Role),
			"modality": string(c.Modality), "hedging": string(c.Hedging), "hedge_cue": c.HedgeCue,
			"quote": c.Quotes[0].Exact, "document": seedDoc}
		for k, v := range want {
			if n[k] != v {
				t.Errorf("claim %s: %s = %q, want %q", c.ID, k, n[k], v)
			}
		}
	}
	undercuts := 0
	for _, l := range m.Links {
		e := edges[l.ID]
		if e["source"] != l.From || e["target"] != l.To || e["type"] != string(l.Type) || e["kind"] != string(l.Kind) ||
			e["target_link"] != l.TargetLink || e["document"] != seedDoc {
			t.Errorf("link %s: edge %v", l.ID, e)
		}
		if l.Quote != nil && e["quote"] != l.Quote.Exact {
			t.Errorf("link %s: quote %q", l.ID, e["quote"])
		}
		if l.Kind == argmap.AttackUndercut {
			undercuts++
			if e["label"] != "attacks (undercut)" || e["target_link"] == "" {
				t.Errorf("undercut %s: %v", l.ID, e)
			}
		}
	}
	if undercuts != 2 {
		t.Errorf("%d undercuts", undercuts)
	}
}

func TestGraphMLEscapes(t *testing.T) {
	m := seed(t)
	text := "<tag attr=\"x\"> & 'y' ]]> \t tab\nline\r\nCRLF \x01 control"
	m.Claims[0].Text = text
	m.Actors[0].Name = text
	out := graphML(t, export.ArgumentGraph, m)
	nodes, _ := parseGraphML(t, out)
	// XML has no control characters other than tab, LF and CR; a CR reads back
	// as LF unless escaped, which it is.
	if got, want := nodes[m.Claims[0].ID]["text"], strings.ReplaceAll(text, "\x01", "\uFFFD"); got != want {
		t.Errorf("text reads back as %q, want %q", got, want)
	}
	nodes, _ = parseGraphML(t, graphML(t, export.ActorNetwork, m))
	if got := nodes[m.Actors[0].ID]["label"]; !strings.HasPrefix(got, "<tag attr=\"x\"> & 'y'") {
		t.Errorf("name reads back as %q", got)
	}
}

func TestGraphMLSharedActors(t *testing.T) {
	a, b := seed(t), seedAs(t, "b-doc")
	b.Actors[0].Aliases = append(b.Actors[0].Aliases, "a new alias")
	nodes, edges := parseGraphML(t, graphML(t, export.ActorNetwork, a, b))
	if len(nodes) != seedActors || len(edges) != 2*seedRelations {
		t.Errorf("%d nodes and %d edges, want %d and %d", len(nodes), len(edges), seedActors, 2*seedRelations)
	}
	first := nodes[a.Actors[0].ID]
	if first["documents"] != "b-doc; "+seedDoc {
		t.Errorf("documents %q", first["documents"])
	}
	if want := strings.Join(append(a.Actors[0].Aliases, "a new alias"), "; "); first["aliases"] != want {
		t.Errorf("aliases %q, want %q", first["aliases"], want)
	}
	nodes, edges = parseGraphML(t, graphML(t, export.ArgumentGraph, a, b))
	if len(nodes) != 2*seedClaims || len(edges) != 2*seedLinks {
		t.Errorf("%d nodes and %d edges, want %d and %d", len(nodes), len(edges), 2*seedClaims, 2*seedLinks)
	}
	if nodes["b-doc/thesis"]["label"] != "b-doc/thesis" {
		t.Errorf("a claim id two documents share is not qualified: %v", nodes["b-doc/thesis"])
	}
}
