package aif_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/aif"
	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the seed corpus under testdata/fuzz/FuzzImport")

// seedMap reads and validates the seed map.
func seedMap(tb testing.TB) *argmap.Map {
	tb.Helper()
	m, err := mapfile.ReadFile("../../data/seed/syria-anti-isis-gamble.yaml")
	if err != nil {
		tb.Fatalf("ReadFile: %v", err)
	}
	if err := m.Validate(); err != nil {
		tb.Fatalf("Validate: %v", err)
	}
	return m
}

func mustExport(tb testing.TB, m *argmap.Map) []byte {
	tb.Helper()
	b, err := aif.Export(m)
	if err != nil {
		tb.Fatalf("Export: %v", err)
	}
	return b
}

// plainAIFdb is an AIFdb document as other tools write it: numeric string
// ids, a locution, an undercut and a rebut, no argmap extension.
const plainAIFdb = `{
  "nodes": [
    {"nodeID": "101", "text": "We should lower taxes", "type": "I", "timestamp": "2015-03-02 10:00:00"},
    {"nodeID": "102", "text": "Lower taxes boost growth", "type": "I", "timestamp": "2015-03-02 10:01:00"},
    {"nodeID": "103", "text": "Default Inference", "type": "RA", "timestamp": "2015-03-02 10:01:00", "scheme": "Default Inference", "schemeID": "72"},
    {"nodeID": "104", "text": "Growth figures are unreliable", "type": "I", "timestamp": "2015-03-02 10:02:00"},
    {"nodeID": "105", "text": "Default Conflict", "type": "CA", "timestamp": "2015-03-02 10:02:00"},
    {"nodeID": "106", "text": "Taxes fund schools", "type": "I", "timestamp": "2015-03-03 09:00:00"},
    {"nodeID": "107", "text": "Default Conflict", "type": "CA", "timestamp": "2015-03-03 09:00:00"},
    {"nodeID": "108", "text": "Bob : lower taxes boost growth", "type": "L", "timestamp": "2015-03-02 10:01:00"},
    {"nodeID": "109", "text": "Asserting", "type": "YA", "timestamp": "2015-03-02 10:01:00"}
  ],
  "edges": [
    {"edgeID": "1", "fromID": "102", "toID": "103", "formEdgeID": null},
    {"edgeID": "2", "fromID": "103", "toID": "101", "formEdgeID": null},
    {"edgeID": "3", "fromID": "104", "toID": "105", "formEdgeID": null},
    {"edgeID": "4", "fromID": "105", "toID": "103", "formEdgeID": null},
    {"edgeID": "5", "fromID": "106", "toID": "107", "formEdgeID": null},
    {"edgeID": "6", "fromID": "107", "toID": "101", "formEdgeID": null},
    {"edgeID": "7", "fromID": "108", "toID": "109", "formEdgeID": null},
    {"edgeID": "8", "fromID": "109", "toID": "102", "formEdgeID": null}
  ],
  "locutions": [{"nodeID": "108", "personID": "1", "timestamp": "2015-03-02 10:01:00", "start": null, "end": null, "source": null}]
}`

// xaifDoc is xAIF as the argument-mining tools write it: integer ids, the
// graph under "AIF", the text in "text".
const xaifDoc = `{
  "AIF": {
    "nodes": [
      {"nodeID": 0, "text": "Cats are better than dogs", "type": "I"},
      {"nodeID": 1, "text": "cats need no walks", "type": "I"},
      {"nodeID": 2, "text": "Default Inference", "type": "RA"}
    ],
    "edges": [{"edgeID": 0, "fromID": 1, "toID": 2}, {"edgeID": 1, "fromID": 2, "toID": 0}],
    "locutions": [], "participants": [], "schemefulfillments": null, "descriptorfulfillments": null
  },
  "text": "I think Cats are better than dogs: cats need no walks.",
  "dialog": false,
  "OVA": {"firstname": "", "surname": "", "url": "", "nodes": [], "edges": []}
}`

func TestRoundTripSeed(t *testing.T) {
	m := seedMap(t)
	out := mustExport(t, m)

	t.Run("import of the export deep-equals the map", func(t *testing.T) {
		got, err := aif.Import(out)
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		if !reflect.DeepEqual(got, m) {
			diffMaps(t, got, m)
		}
	})
	t.Run("the second export is byte-equal", func(t *testing.T) {
		got, err := aif.Import(out)
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		if again := mustExport(t, got); !bytes.Equal(again, out) {
			t.Errorf("second export differs from the first (%d vs %d bytes)", len(again), len(out))
		}
	})
	t.Run("export is deterministic", func(t *testing.T) {
		if again := mustExport(t, seedMap(t)); !bytes.Equal(again, out) {
			t.Error("two exports of the same map differ")
		}
	})
	t.Run("the report says the extension was read", func(t *testing.T) {
		_, rep, err := aif.ImportReport(out)
		if err != nil {
			t.Fatalf("ImportReport: %v", err)
		}
		quotes := 0
		for _, c := range m.Claims {
			quotes += len(c.Quotes)
		}
		if !rep.Extension || rep.IgnoredNodes["L"] != quotes || rep.IgnoredNodes["YA"] != quotes || rep.IgnoredEdges != 2*quotes {
			t.Errorf("report = %+v, want the extension, %d L and YA nodes and %d edges ignored", rep, quotes, 2*quotes)
		}
	})
}

// diffMaps reports where two maps differ.
func diffMaps(t *testing.T, got, want *argmap.Map) {
	t.Helper()
	gv, wv := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("%s differs:\n got  %+v\n want %+v", gv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
}

type jsonGraph struct {
	Nodes []struct {
		NodeID, Text, Type, Timestamp string
	}
	Edges []struct {
		EdgeID, FromID, ToID string
	}
	Locutions []struct{ NodeID string }
	Text      string
}

func TestExportGraph(t *testing.T) {
	m := seedMap(t)
	out := mustExport(t, m)
	var g jsonGraph
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	types := map[string]string{}
	count := map[string]int{}
	for _, n := range g.Nodes {
		types[n.NodeID] = n.Type
		count[n.Type]++
	}
	var supports, attacks, quotes int
	for _, l := range m.Links {
		if l.Type == argmap.LinkSupports {
			supports++
		} else {
			attacks++
		}
	}
	for _, c := range m.Claims {
		quotes += len(c.Quotes)
	}
	// Edges in from and out to I-nodes (an RA node also has the edges of
	// the undercuts that attack it).
	degree := map[string][2]int{}
	for _, e := range g.Edges {
		if types[e.FromID] == "CA" && types[e.ToID] == "RA" {
			d := degree[e.FromID]
			d[1]++
			degree[e.FromID] = d
			continue
		}
		d := degree[e.FromID]
		d[1]++
		degree[e.FromID] = d
		d = degree[e.ToID]
		d[0]++
		degree[e.ToID] = d
	}

	t.Run("node counts", func(t *testing.T) {
		want := map[string]int{"I": 43, "RA": 40, "CA": 6, "L": quotes, "YA": quotes}
		if len(m.Claims) != 43 || supports != 40 || attacks != 6 {
			t.Fatalf("seed map has %d claims, %d supports, %d attacks; the test expects 43, 40, 6", len(m.Claims), supports, attacks)
		}
		if !reflect.DeepEqual(count, want) {
			t.Errorf("node types = %v, want %v", count, want)
		}
	})
	t.Run("every RA and CA node has one premise or attacker and one conclusion or target", func(t *testing.T) {
		if len(g.Edges) != 2*(supports+attacks)+2*quotes {
			t.Errorf("%d edges, want %d", len(g.Edges), 2*(supports+attacks)+2*quotes)
		}
		for id, typ := range types {
			if (typ == "RA" || typ == "CA") && degree[id] != [2]int{1, 1} {
				t.Errorf("%s node %s has %d edges in, %d out; want 1, 1", typ, id, degree[id][0], degree[id][1])
			}
		}
	})
	t.Run("undercuts point at RA nodes", func(t *testing.T) {
		undercuts := 0
		for _, l := range m.Links {
			if l.Kind != argmap.AttackUndercut {
				continue
			}
			undercuts++
			ca := "CA:" + l.ID
			var targets []string
			for _, e := range g.Edges {
				if e.FromID == ca {
					targets = append(targets, e.ToID)
				}
			}
			if len(targets) != 1 || types[targets[0]] != "RA" || targets[0] != "RA:"+l.TargetLink {
				t.Errorf("undercut %s points at %v, want the RA node of %s", l.ID, targets, l.TargetLink)
			}
		}
		if undercuts != 2 {
			t.Errorf("%d undercuts in the seed, want 2", undercuts)
		}
	})
	t.Run("node and edge ids are sorted and derived from the map", func(t *testing.T) {
		for i := 1; i < len(g.Nodes); i++ {
			if g.Nodes[i-1].NodeID >= g.Nodes[i].NodeID {
				t.Fatalf("nodes not sorted at %d: %s, %s", i, g.Nodes[i-1].NodeID, g.Nodes[i].NodeID)
			}
		}
		for i := 1; i < len(g.Edges); i++ {
			if g.Edges[i-1].EdgeID >= g.Edges[i].EdgeID {
				t.Fatalf("edges not sorted at %d", i)
			}
		}
		if typ := types["I:syria-anti-isis-gamble/thesis"]; typ != "I" {
			t.Errorf("no I-node I:syria-anti-isis-gamble/thesis")
		}
		if g.Nodes[0].Timestamp != "2025-11-25 00:00:00" {
			t.Errorf("timestamp = %q, want the publication date", g.Nodes[0].Timestamp)
		}
	})
	t.Run("the document text is the top-level text", func(t *testing.T) {
		if g.Text != m.Document.Text {
			t.Error("text differs from the document text")
		}
	})
}

func TestImportPlain(t *testing.T) {
	t.Run("AIFdb without the extension", func(t *testing.T) {
		m, rep, err := aif.ImportReport([]byte(plainAIFdb))
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		if len(m.Claims) != 4 || len(m.Links) != 3 {
			t.Fatalf("%d claims, %d links; want 4, 3", len(m.Claims), len(m.Links))
		}
		if !strings.HasPrefix(m.Document.ID, "aif-") || !m.Document.Published.Equal(time.Date(2015, 3, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("document = %s published %v", m.Document.ID, m.Document.Published)
		}
		wantText := "We should lower taxes\nLower taxes boost growth\nGrowth figures are unreliable\nTaxes fund schools"
		if m.Document.Text != wantText {
			t.Errorf("text = %q, want %q", m.Document.Text, wantText)
		}
		c := m.Claims[1]
		if c.ID != m.Document.ID+"/i-102" || c.Role != argmap.RolePremise || c.Modality != argmap.ModalityAssertion ||
			c.Hedging != argmap.HedgingNone || c.Quotes[0].Start != 22 || c.Quotes[0].Exact != c.Text {
			t.Errorf("claim = %+v", c)
		}
		byID := map[string]argmap.Link{}
		for _, l := range m.Links {
			byID[strings.TrimPrefix(l.ID, m.Document.ID+"/")] = l
		}
		if l := byID["ra-103"]; l.Type != argmap.LinkSupports || l.From != m.Document.ID+"/i-102" || l.To != m.Document.ID+"/i-101" {
			t.Errorf("supports = %+v", l)
		}
		if l := byID["ca-105"]; l.Kind != argmap.AttackUndercut || l.TargetLink != m.Document.ID+"/ra-103" || l.To != m.Document.ID+"/i-101" {
			t.Errorf("undercut = %+v", l)
		}
		if l := byID["ca-107"]; l.Kind != argmap.AttackRebut || l.To != m.Document.ID+"/i-101" {
			t.Errorf("rebut = %+v", l)
		}
		if rep.Extension || rep.Located || rep.IgnoredNodes["L"] != 1 || rep.IgnoredNodes["YA"] != 1 || rep.IgnoredEdges != 2 {
			t.Errorf("report = %+v", rep)
		}
	})
	t.Run("xAIF with integer ids and its text", func(t *testing.T) {
		m, rep, err := aif.ImportReport([]byte(xaifDoc))
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		if !rep.Located || !strings.HasPrefix(m.Document.Text, "I think") {
			t.Errorf("the text was not used: report %+v, text %q", rep, m.Document.Text)
		}
		if q := m.Claims[0].Quotes[0]; q.Start != 8 || q.Prefix != "I think " {
			t.Errorf("quote = %+v", q)
		}
		if len(m.Links) != 1 || m.Links[0].ID != m.Document.ID+"/ra-2" {
			t.Errorf("links = %+v", m.Links)
		}
	})
	t.Run("a plain import exports and imports back unchanged", func(t *testing.T) {
		for _, in := range []string{plainAIFdb, xaifDoc} {
			m, err := aif.Import([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			again, err := aif.Import(mustExport(t, m))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again, m) {
				diffMaps(t, again, m)
			}
		}
	})
	t.Run("linked premises and several attackers", func(t *testing.T) {
		in := `{"nodes": [
			{"nodeID": "a", "type": "I", "text": "A"}, {"nodeID": "b", "type": "I", "text": "B"},
			{"nodeID": "c", "type": "I", "text": "C"}, {"nodeID": "d", "type": "I", "text": "D"},
			{"nodeID": "e", "type": "I", "text": "E"},
			{"nodeID": "r", "type": "RA", "text": ""}, {"nodeID": "x", "type": "CA", "text": ""}],
		  "edges": [
			{"edgeID": 1, "fromID": "a", "toID": "r"}, {"edgeID": 2, "fromID": "b", "toID": "r"},
			{"edgeID": 3, "fromID": "r", "toID": "c"},
			{"edgeID": 4, "fromID": "d", "toID": "x"}, {"edgeID": 5, "fromID": "e", "toID": "x"},
			{"edgeID": 6, "fromID": "x", "toID": "r"}]}`
		m, err := aif.Import([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, l := range m.Links {
			ids = append(ids, strings.TrimPrefix(l.ID, m.Document.ID+"/")+">"+strings.TrimPrefix(l.TargetLink, m.Document.ID+"/"))
		}
		want := []string{"ra-r-1>", "ra-r-2>", "ca-x-1>ra-r-1", "ca-x-2>ra-r-2", "ca-x-3>ra-r-1", "ca-x-4>ra-r-2"}
		if !reflect.DeepEqual(ids, want) {
			t.Errorf("links = %v, want %v", ids, want)
		}
	})
}

// mutateExport returns the seed export changed by edit.
func mutateExport(tb testing.TB, edit func(doc map[string]any)) string {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(mustExport(tb, seedMap(tb)), &doc); err != nil {
		tb.Fatal(err)
	}
	edit(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func ext(doc map[string]any) map[string]any { return doc["argmap"].(map[string]any) }

func entry(doc map[string]any, list string, i int) map[string]any {
	return ext(doc)[list].([]any)[i].(map[string]any)
}

func TestImportHostile(t *testing.T) {
	node := func(id, typ, text string) string {
		return fmt.Sprintf(`{"nodeID": %q, "type": %q, "text": %q}`, id, typ, text)
	}
	edge := func(id, from, to string) string {
		return fmt.Sprintf(`{"edgeID": %q, "fromID": %q, "toID": %q}`, id, from, to)
	}
	graph := func(nodes, edges []string) string {
		return `{"nodes": [` + strings.Join(nodes, ",") + `], "edges": [` + strings.Join(edges, ",") + `]}`
	}
	a, b := node("a", "I", "A"), node("b", "I", "B")
	ra := node("r", "RA", "Default Inference")

	tests := []struct {
		name  string
		input string
		field string // the JSON path the error must name ("" for none)
		msg   string // a part of the message
	}{
		{"empty input", "  ", "", "empty"},
		{"not JSON", `{"nodes": [`, "nodes", "not valid JSON"},
		{"not JSON: a bare word", `nodes`, "", "not valid JSON"},
		{"trailing data", `{"nodes": []} {}`, "", "more data follows"},
		{"not an object", `[1, 2]`, "", "not a JSON object"},
		{"no nodes", `{"edges": []}`, "nodes", "is required"},
		{"nodes not an array", `{"nodes": "x"}`, "nodes", "expected an array, found a string"},
		{"node not an object", `{"nodes": [1]}`, "nodes[0]", "expected an object"},
		{"text of the wrong type", `{"nodes": [{"nodeID": "1", "type": "I", "text": 5}]}`, "nodes[0].text", "expected a string, found a number"},
		{"node id a float", `{"nodes": [{"nodeID": 1.5, "type": "I", "text": "x"}]}`, "nodes[0].nodeID", "expected a string or an integer"},
		{"node id missing", `{"nodes": [{"type": "I", "text": "x"}]}`, "nodes[0].nodeID", "is required"},
		{"node type missing", `{"nodes": [{"nodeID": "1", "text": "x"}]}`, "nodes[0].type", "is required"},
		{"timestamp of the wrong type", `{"nodes": [{"nodeID": "1", "type": "I", "text": "x", "timestamp": []}]}`, "nodes[0].timestamp", "expected a string"},
		{"empty I-node", graph([]string{node("1", "I", "")}, nil), "nodes[0].text", "is empty"},
		{"duplicate node ids", graph([]string{a, node("a", "I", "B")}, nil), "nodes[1].nodeID", "used twice"},
		{"duplicate node ids, string and integer", `{"nodes": [{"nodeID": 7, "type": "I", "text": "x"}, {"nodeID": "7", "type": "I", "text": "y"}]}`, "nodes[1].nodeID", "used twice"},
		{"unknown node type linked to an I-node", graph([]string{a, node("z", "ZZ", "?")}, []string{edge("1", "z", "a")}), "nodes[1].type", `unknown node type "ZZ"`},
		{"dangling edge", graph([]string{a, b, ra}, []string{edge("1", "a", "r"), edge("2", "r", "nowhere")}), "edges[1].toID", `no node has the id "nowhere"`},
		{"edge without fromID", `{"nodes": [{"nodeID": "a", "type": "I", "text": "A"}], "edges": [{"edgeID": "1", "toID": "a"}]}`, "edges[0].fromID", "is required"},
		{"duplicate edge ids", graph([]string{a, b, ra}, []string{edge("1", "a", "r"), edge("1", "r", "b")}), "edges[1].edgeID", "used twice"},
		{"repeated edge", graph([]string{a, b, ra}, []string{edge("1", "a", "r"), edge("2", "a", "r"), edge("3", "r", "b")}), "edges[1]", "repeats edges[0]"},
		{"self-loop", graph([]string{a, ra}, []string{edge("1", "r", "r")}), "edges[0]", "to itself"},
		{"edge between I-nodes", graph([]string{a, b}, []string{edge("1", "a", "b")}), "edges[0]", "from an I node to an I node"},
		{"RA without premise", graph([]string{a, ra}, []string{edge("1", "r", "a")}), "nodes[1]", "has no premise"},
		{"RA without conclusion", graph([]string{a, ra}, []string{edge("1", "a", "r")}), "nodes[1]", "has no conclusion"},
		{"RA with two conclusions", graph([]string{a, b, node("c", "I", "C"), ra}, []string{edge("1", "a", "r"), edge("2", "r", "b"), edge("3", "r", "c")}), "nodes[3]", "2 conclusions"},
		{"CA without attacker", graph([]string{a, node("x", "CA", "")}, []string{edge("1", "x", "a")}), "nodes[1]", "has no attacker"},
		{"dangling locution", `{"nodes": [{"nodeID": "a", "type": "I", "text": "A"}], "locutions": [{"nodeID": "L9", "personID": 1}]}`, "locutions[0].nodeID", "no node has the id"},
		{"no I-node", `{"nodes": [{"nodeID": "l", "type": "L", "text": "x"}]}`, "nodes", "no I-node"},
		{"duplicate member", `{"nodes": [{"nodeID": "1", "nodeID": "2", "type": "I", "text": "x"}]}`, "nodes[0].nodeID", "given twice"},
		{"string over the limit", graph([]string{node("1", "I", strings.Repeat("x", aif.MaxStringChars+1))}, nil), "nodes[0].text", "longer than 100000 characters"},
		{"I-node text over the claim limit", graph([]string{node("1", "I", strings.Repeat("x", argmap.MaxFieldChars+1))}, nil), "nodes[0].text", "longer than 10000"},
		{"key over the limit", `{"nodes": [], "` + strings.Repeat("k", aif.MaxStringChars+1) + `": 1}`, "", "member name is longer"},
		{"too many nodes", `{"nodes": [` + strings.Repeat("0,", aif.MaxItems) + `0]}`, "nodes", "more than 200000 elements"},
		{"nesting too deep", `{"nodes": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "nodes" + strings.Repeat("[0]", aif.MaxDepth-1), "deeper than 64"},
		{"invalid UTF-8", `{"nodes": [{"nodeID": "1", "type": "I", "text": "caf` + "\xe9" + `"}]}`, "nodes[0].text", "invalid UTF-8 at byte 52"},
		{"unpaired surrogate escape", `{"nodes": [{"nodeID": "1", "type": "I", "text": "caf\ud800"}]}`, "nodes[0].text", "invalid surrogate pair"},
		{"over the size limit", `{"nodes": []}` + strings.Repeat(" ", aif.MaxInputBytes), "", "more than the limit of 64 MiB"},
		{"extension: unknown version", mutateExport(t, func(d map[string]any) { ext(d)["version"] = 2 }), "argmap.version", "this Argmap reads version 1"},
		{"extension: unknown member", mutateExport(t, func(d map[string]any) { entry(d, "claims", 3)["rol"] = "thesis" }), "argmap.claims[3].rol", "unknown member"},
		{"extension: wrong type", mutateExport(t, func(d map[string]any) { entry(d, "claims", 2)["quotes"].([]any)[0].(map[string]any)["start"] = "0" }), "argmap.claims[2].quotes[0].start", "expected an integer"},
		{"extension: claim of an unknown node", mutateExport(t, func(d map[string]any) { entry(d, "claims", 0)["nodeID"] = "I:nope" }), "argmap.claims[0].nodeID", `no node has the id "I:nope"`},
		{"extension: claim of an RA node", mutateExport(t, func(d map[string]any) {
			entry(d, "claims", 0)["nodeID"] = entry(d, "links", 0)["nodeID"]
		}), "argmap.claims[0].nodeID", "expected I"},
		{"extension: I-node without claim", mutateExport(t, func(d map[string]any) {
			cs := ext(d)["claims"].([]any)
			ext(d)["claims"] = cs[1:]
		}), "", "has no entry in argmap.claims"},
		{"extension: undercut with another kind", mutateExport(t, func(d map[string]any) {
			for _, l := range ext(d)["links"].([]any) {
				if l.(map[string]any)["kind"] == "undercut" {
					l.(map[string]any)["kind"] = "rebut"
				}
			}
		}), "", "expected undercut"},
		{"extension: the text was changed", mutateExport(t, func(d map[string]any) { d["text"] = d["text"].(string) + " " }), "argmap.document.sha256", "does not match"},
		{"extension: text missing", mutateExport(t, func(d map[string]any) { delete(d, "text") }), "text", "the document text"},
		{"extension: bad date", mutateExport(t, func(d map[string]any) { ext(d)["document"].(map[string]any)["published"] = "25/11/2025" }), "argmap.document.published", "not an ISO date"},
		{"extension: invalid map", mutateExport(t, func(d map[string]any) { entry(d, "claims", 0)["role"] = "boss" }), "", "unknown value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := aif.Import([]byte(tt.input))
			if err == nil {
				t.Fatalf("Import accepted the input: %d claims", len(m.Claims))
			}
			if code := argmap.ErrorCode(err); code != argmap.EINVALID {
				t.Fatalf("code = %s, want %s (%v)", code, argmap.EINVALID, err)
			}
			msg := argmap.ErrorMessage(err)
			if tt.field != "" {
				if got := argmap.ErrorField(err); got != tt.field {
					t.Errorf("field = %q, want %q (%v)", got, tt.field, err)
				}
				if !strings.HasPrefix(msg, tt.field+": ") {
					t.Errorf("message %q does not start with the path %q", msg, tt.field)
				}
			}
			if !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q does not contain %q", msg, tt.msg)
			}
		})
	}
}

func TestExportRejects(t *testing.T) {
	base := func() *argmap.Map {
		return &argmap.Map{
			Document: argmap.Document{ID: "d", Title: "T", Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), Text: "A. B."},
			Claims:   []argmap.Claim{{ID: "d/a", Text: "A"}, {ID: "d/b", Text: "B"}},
			Links:    []argmap.Link{{ID: "d/l", Type: argmap.LinkSupports, From: "d/a", To: "d/b"}},
		}
	}
	tests := []struct {
		name  string
		edit  func(m *argmap.Map)
		field string
	}{
		{"duplicate claim", func(m *argmap.Map) { m.Claims[1].ID = "d/a" }, "claims[1].id"},
		{"invalid claim id", func(m *argmap.Map) { m.Claims[0].ID = "d/a b" }, "claims[0].id"},
		{"link from an unknown claim", func(m *argmap.Map) { m.Links[0].From = "d/x" }, "links[0].from"},
		{"undercut of no supports link", func(m *argmap.Map) {
			m.Links = append(m.Links, argmap.Link{ID: "d/u", Type: argmap.LinkAttacks, Kind: argmap.AttackUndercut, From: "d/a", To: "d/zz"})
		}, "links[1].targetLink"},
		{"unknown link type", func(m *argmap.Map) { m.Links[0].Type = "refutes" }, "links[0].type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base()
			tt.edit(m)
			_, err := aif.Export(m)
			if argmap.ErrorCode(err) != argmap.EINVALID || argmap.ErrorField(err) != tt.field {
				t.Errorf("Export error = %v, want BAD_USER_INPUT on %s", err, tt.field)
			}
		})
	}
	t.Run("nil map", func(t *testing.T) {
		if _, err := aif.Export(nil); argmap.ErrorCode(err) != argmap.EINVALID {
			t.Errorf("err = %v", err)
		}
	})
}

// TestFuzzCorpus checks that the committed seed corpus of FuzzImport
// (testdata/fuzz/FuzzImport) holds exactly the seeds built here, from the
// current Export of the seed map among others, so that a change to Export
// or to the seeds fails until the corpus is rewritten: run with
// -update-corpus to rewrite it. Other files are entries the fuzzer added
// (named by a hash of their input) and are left alone.
func TestFuzzCorpus(t *testing.T) {
	seeds := map[string][]byte{
		"seed-export":  mustExport(t, seedMap(t)),
		"plain-aifdb":  []byte(plainAIFdb),
		"xaif":         []byte(xaifDoc),
		"not-json":     []byte(`{"nodes": [{"nodeID": "1", "type": "I", "text": "x"`),
		"wrong-type":   []byte(`{"nodes": [{"nodeID": "1", "type": "I", "text": 5}]}`),
		"unknown-type": []byte(`{"nodes": [{"nodeID": "a", "type": "I", "text": "A"}, {"nodeID": "z", "type": "ZZ", "text": "?"}], "edges": [{"edgeID": "1", "fromID": "z", "toID": "a"}]}`),
		"dangling-edge": []byte(`{"nodes": [{"nodeID": "a", "type": "I", "text": "A"}, {"nodeID": "r", "type": "RA", "text": ""}],` +
			` "edges": [{"edgeID": "1", "fromID": "a", "toID": "r"}, {"edgeID": "2", "fromID": "r", "toID": "nowhere"}]}`),
		"duplicate-node": []byte(`{"nodes": [{"nodeID": 7, "type": "I", "text": "x"}, {"nodeID": "7", "type": "I", "text": "y"}]}`),
		"ra-no-premise":  []byte(`{"nodes": [{"nodeID": "a", "type": "I", "text": "A"}, {"nodeID": "r", "type": "RA", "text": ""}], "edges": [{"edgeID": "1", "fromID": "r", "toID": "a"}]}`),
		"deep-nesting":   []byte(`{"nodes": ` + strings.Repeat("[", 80) + strings.Repeat("]", 80) + `}`),
		"invalid-utf8":   []byte(`{"nodes": [{"nodeID": "1", "type": "I", "text": "caf` + "\xe9" + `"}]}`),
		"duplicate-key":  []byte(`{"nodes": [], "nodes": [{"nodeID": "1", "type": "I", "text": "x"}]}`),
		"extension-mismatch": []byte(`{"nodes": [{"nodeID": "a", "type": "I", "text": "A"}], "text": "A",` +
			` "argmap": {"version": 1, "document": {"id": "d", "title": "t", "published": "2024-01-01"}, "claims": [{"nodeID": "b", "id": "d/a"}]}}`),
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzImport")
	if *updateCorpus {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range seeds {
		want := []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data))
		path := filepath.Join(dir, name)
		if *updateCorpus {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		switch {
		case err != nil:
			t.Errorf("seed %s: %v (rewrite the corpus with -update-corpus)", name, err)
		case !bytes.Equal(got, want):
			t.Errorf("seed %s is stale: %s differs from the seed built now (rewrite the corpus with -update-corpus)", name, path)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := seeds[e.Name()]; !ok && !fuzzerEntry.MatchString(e.Name()) {
			t.Errorf("%s is neither a seed built here nor an entry the fuzzer added: remove it or add it to the seeds", filepath.Join(dir, e.Name()))
		}
	}
}

// fuzzerEntry matches the names go test -fuzz gives the inputs it saves: the
// start of the hex SHA-256 of the input.
var fuzzerEntry = regexp.MustCompile(`^[0-9a-f]{16}$`)
