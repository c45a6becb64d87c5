package export

import (
	"bufio"
	"encoding/xml"
	"io"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// GraphML writes one layer of the maps as a GraphML document
// (http://graphml.graphdrawing.org/) for Gephi, yEd, NetworkX or igraph.
//
// ActorNetwork: one node per actor (data: label = name, type, aliases,
// description, part_of, documents), one edge per relation (data: type,
// label = type, modality, evidence = claim ids, quote = the first quote's
// words, document). ArgumentGraph: one node per claim (label = its Argdown
// title, text, role, modality, hedging, hedge_cue, quote, document), one edge
// per link (type, label, kind, target_link, quote = the connective,
// document); an undercut points at the conclusion of the supports link it
// attacks, which target_link names. List values are joined with "; ".
//
// The graph is directed; node and edge ids are Argmap's ids, and parallel
// edges (two relations between the same actors) are kept. Every key is a
// string <key> with attr.name and attr.type; empty values are left out.
// Argmap's claim, link and relation ids contain "/", which the GraphML
// schema's NMTOKEN id type does not allow; the tools above accept any id.
func GraphML(w io.Writer, maps []*argmap.Map, layer Layer) error {
	g, err := merge(maps)
	if err != nil {
		return err
	}
	t, err := buildTable(g, layer)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	b.WriteString(xml.Header)
	b.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	// Key ids are prefixed by what they describe: GraphML key ids are one
	// namespace for nodes and edges, and Gephi reads some bare ids (d3, d7,
	// x, r, …) as layout properties.
	nodeKeys := keys(b, "node", "v_", t.nodeCols[nodeStructural:])
	edgeKeys := keys(b, "edge", "e_", t.edgeCols[edgeStructural:])
	b.WriteString(`  <graph id="` + esc(t.name) + `" edgedefault="directed">` + "\n")
	b.WriteString("    <desc>" + esc("Argmap "+t.name+" of "+documentsPhrase(t.documents)) + "</desc>\n")
	for _, row := range t.nodes {
		b.WriteString(`    <node id="` + esc(row[0]) + `">` + "\n")
		data(b, nodeKeys, row[nodeStructural:])
		b.WriteString("    </node>\n")
	}
	for _, row := range t.edges {
		b.WriteString(`    <edge id="` + esc(row[2]) + `" source="` + esc(row[0]) + `" target="` + esc(row[1]) + `">` + "\n")
		data(b, edgeKeys, row[edgeStructural:])
		b.WriteString("    </edge>\n")
	}
	b.WriteString("  </graph>\n</graphml>\n")
	return b.Flush()
}

// keys writes a <key> per column and returns the key ids.
func keys(b *bufio.Writer, kind, prefix string, cols []string) []string {
	ids := make([]string, len(cols))
	for i, c := range cols {
		ids[i] = prefix + c
		b.WriteString(`  <key id="` + esc(ids[i]) + `" for="` + kind + `" attr.name="` + esc(c) + `" attr.type="string"/>` + "\n")
	}
	return ids
}

// data writes the non-empty values as <data> elements.
func data(b *bufio.Writer, keys, values []string) {
	for i, v := range values {
		if v == "" {
			continue
		}
		b.WriteString(`      <data key="` + esc(keys[i]) + `">` + esc(v) + "</data>\n")
	}
}

// esc escapes s for XML text and attribute values (quotes, line breaks and
// tabs included); characters XML cannot hold become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

func documentsPhrase(ids []string) string {
	switch len(ids) {
	case 0:
		return "no document"
	case 1:
		return "document " + ids[0]
	}
	return "documents " + strings.Join(ids, ", ")
}
