package export

import (
	"strconv"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// table is one layer as node and edge rows, the common ground of GraphML and
// CSV. Node rows start with id and label; edge rows with source, target, id,
// type and label. The remaining columns are attributes (all strings).
type table struct {
	name      string // graph id
	nodeCols  []string
	edgeCols  []string
	nodes     [][]string
	edges     [][]string
	documents []string
}

// Leading columns that GraphML writes as XML attributes, not as data.
const (
	nodeStructural = 1 // id
	edgeStructural = 3 // source, target, id
)

// Column names. Gephi's spreadsheet import treats id and label (nodes) and
// source, target, id, type, kind, label and weight (edges) specially: an
// edge's type is its direction there (anything but "undirected" is directed,
// as every edge here is) and is not kept as a column, so each edge repeats
// its type as its label; kind, where present, becomes the edge kind that
// tells parallel edges apart. Gephi's GraphML import takes the attributes
// named label as labels.
var (
	actorNodeCols    = []string{"id", "label", "type", "aliases", "description", "part_of", "documents"}
	relationEdgeCols = []string{"source", "target", "id", "type", "label", "modality", "evidence", "quote", "document"}
	claimNodeCols    = []string{"id", "label", "text", "role", "modality", "hedging", "hedge_cue", "quote", "document"}
	linkEdgeCols     = []string{"source", "target", "id", "type", "label", "kind", "target_link", "quote", "document"}
)

func buildTable(g *merged, layer Layer) (*table, error) {
	t := &table{}
	for _, d := range g.docs {
		t.documents = append(t.documents, d.ID)
	}
	switch layer {
	case ActorNetwork:
		t.name, t.nodeCols, t.edgeCols = "actor-network", actorNodeCols, relationEdgeCols
		for _, a := range g.actors {
			t.nodes = append(t.nodes, []string{a.ID, a.Name, string(a.Type), join(a.Aliases), a.Description,
				join(a.PartOf), join(a.Documents)})
		}
		for _, r := range g.relations {
			t.edges = append(t.edges, []string{r.From, r.To, r.ID, string(r.Type), string(r.Type), string(r.Modality),
				join(r.Evidence), firstQuote(r.Quotes), r.DocumentID})
		}
	case ArgumentGraph:
		t.name, t.nodeCols, t.edgeCols = "argument-graph", claimNodeCols, linkEdgeCols
		titles := claimTitles(g)
		for _, c := range g.claims {
			t.nodes = append(t.nodes, []string{c.ID, titles[c.ID], c.Text, string(c.Role), string(c.Modality),
				string(c.Hedging), c.HedgeCue, firstQuote(c.Quotes), c.DocumentID})
		}
		for _, l := range g.links {
			label := string(l.Type)
			if l.Kind != "" {
				label += " (" + string(l.Kind) + ")"
			}
			q := ""
			if l.Quote != nil {
				q = l.Quote.Exact
			}
			t.edges = append(t.edges, []string{l.From, l.To, l.ID, string(l.Type), label, string(l.Kind),
				l.TargetLink, q, l.DocumentID})
		}
	default:
		return nil, argmap.Errorf(argmap.EINVALID, "unknown layer %v", layer)
	}
	return t, nil
}

// claimTitles gives every claim a short unique title: its id local to its
// document, or the qualified id where two documents use the same local id,
// made safe for Argdown (letters, digits and . _ : / - only, starting with a
// letter or digit; validated ids already are).
func claimTitles(g *merged) map[string]string {
	ids := make([][2]string, len(g.claims))
	for i, c := range g.claims {
		ids[i] = [2]string{c.DocumentID, c.ID}
	}
	return titles(ids)
}

// titles maps each [documentID, id] pair's id to a unique safe title.
func titles(ids [][2]string) map[string]string {
	count := map[string]int{}
	for _, p := range ids {
		count[localID(p[0], p[1])]++
	}
	out := map[string]string{}
	used := map[string]bool{}
	for _, p := range ids {
		t := localID(p[0], p[1])
		if count[t] > 1 {
			t = p[1]
		}
		t = safeTitle(t)
		base := t
		for n := 2; used[t]; n++ {
			t = base + "-" + strconv.Itoa(n)
		}
		used[t] = true
		out[p[1]] = t
	}
	return out
}

func safeTitle(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == ':', r == '/', r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	t := b.String()
	if t == "" || !isAlnum(t[0]) {
		t = "id-" + t
	}
	return t
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
