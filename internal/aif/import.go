package aif

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
)

// Report tells what Import did with an AIF document.
type Report struct {
	// Extension is true when the input carried the "argmap" extension and
	// the map was rebuilt exactly; false for a best-effort import.
	Extension bool
	// IgnoredNodes counts, by node type, the nodes that became nothing in
	// the map: locutions (L), illocutions (YA), transitions (TA), rephrases
	// (MA), preferences (PA) and nodes of types Argmap does not know.
	IgnoredNodes map[string]int
	// IgnoredEdges counts the edges to or from an ignored node.
	IgnoredEdges int
	// Located is true when a best-effort import found every I-node's text
	// in the input's document text; false when it built the text from the
	// I-node texts.
	Located bool
}

// Import reads AIF JSON (see the package documentation) into a valid map.
func Import(data []byte) (*argmap.Map, error) {
	m, _, err := ImportReport(data)
	return m, err
}

// ImportReport is Import, and also reports what was ignored.
func ImportReport(data []byte) (*argmap.Map, *Report, error) {
	v, err := decode(data)
	if err != nil {
		return nil, nil, err
	}
	root := jnode{v: &v}
	if root.v.kind != jObject {
		return nil, nil, argmap.Errorf(argmap.EINVALID, "the input is %s, not a JSON object with AIF nodes and edges", root.v.kind)
	}
	g, err := readGraph(root)
	if err != nil {
		return nil, nil, err
	}
	var m *argmap.Map
	if root.has("argmap") {
		g.report.Extension = true
		m, err = g.exact(root, root.member("argmap"))
	} else {
		m, err = g.bestEffort(root, data)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, nil, err
	}
	return m, &g.report, nil
}

// gnode is an AIF node, with its edges to and from I, RA and CA nodes.
type gnode struct {
	id, typ, text, timestamp string
	path                     string
	ins                      []int // the I-nodes with an edge to this RA or CA node
	outs                     []int // the nodes this node has an edge to
}

type graph struct {
	nodes  []gnode
	byID   map[string]int
	report Report
}

func isArgument(typ string) bool { return typ == typeI || typ == typeRA || typ == typeCA }

// Node types that Import knows and ignores.
var ignoredTypes = map[string]bool{typeL: true, typeYA: true, "TA": true, "MA": true, "PA": true}

func readGraph(root jnode) (*graph, error) {
	aif := root
	if !root.has("nodes") && root.has("AIF") {
		// xAIF wraps the AIF graph in "AIF".
		aif = root.member("AIF")
		if err := aif.object(); err != nil {
			return nil, err
		}
	}
	if !aif.has("nodes") {
		return nil, errorAt(aif.child("nodes"), "is required: AIFdb JSON has a nodes array, xAIF an AIF.nodes array")
	}
	nodes, err := aif.member("nodes").elems()
	if err != nil {
		return nil, err
	}
	g := &graph{byID: make(map[string]int, len(nodes)), report: Report{IgnoredNodes: map[string]int{}}}
	for i, n := range nodes {
		if err := n.object(); err != nil {
			return nil, err
		}
		id, err := n.id("nodeID")
		if err != nil {
			return nil, err
		}
		if j, dup := g.byID[id]; dup {
			return nil, errorAt(n.child("nodeID"), "node id %q is used twice (also by %s)", short(id), g.nodes[j].path)
		}
		g.byID[id] = i
		typ, err := n.str("type")
		if err != nil {
			return nil, err
		}
		if typ == "" {
			return nil, errorAt(n.child("type"), "is required (I, RA, CA, L, YA, TA, MA or PA)")
		}
		text, err := n.str("text")
		if err != nil {
			return nil, err
		}
		ts := n.member("timestamp")
		if ts.v.kind != jNull && ts.v.kind != jString {
			return nil, ts.typeError("a string")
		}
		if typ == typeI {
			if text == "" {
				return nil, errorAt(n.child("text"), "is empty: an I-node's text is its claim")
			}
			if utf8.RuneCountInString(text) > argmap.MaxFieldChars {
				return nil, errorAt(n.child("text"), "is longer than %d characters, the limit of a claim's text", argmap.MaxFieldChars)
			}
		}
		g.nodes = append(g.nodes, gnode{id: id, typ: typ, text: text, timestamp: ts.v.s, path: n.path})
	}

	edges, err := aif.member("edges").elems()
	if err != nil {
		return nil, err
	}
	edgeIDs := make(map[string]string, len(edges))
	pairs := make(map[[2]int]string, len(edges))
	for _, e := range edges {
		if err := e.object(); err != nil {
			return nil, err
		}
		id, err := e.id("edgeID")
		if err != nil {
			return nil, err
		}
		if other, dup := edgeIDs[id]; dup {
			return nil, errorAt(e.child("edgeID"), "edge id %q is used twice (also by %s)", short(id), other)
		}
		edgeIDs[id] = e.path
		var ends [2]int
		for k, key := range []string{"fromID", "toID"} {
			ref, err := e.id(key)
			if err != nil {
				return nil, err
			}
			n, ok := g.byID[ref]
			if !ok {
				return nil, errorAt(e.child(key), "no node has the id %q", short(ref))
			}
			ends[k] = n
		}
		if ends[0] == ends[1] {
			return nil, e.errorf("the edge goes from node %q to itself", short(g.nodes[ends[0]].id))
		}
		if other, dup := pairs[ends]; dup {
			return nil, e.errorf("the edge repeats %s (same fromID and toID)", other)
		}
		pairs[ends] = e.path
		from, to := &g.nodes[ends[0]], &g.nodes[ends[1]]
		if !isArgument(from.typ) || !isArgument(to.typ) {
			for _, n := range []*gnode{from, to} {
				if !isArgument(n.typ) && !ignoredTypes[n.typ] && (isArgument(from.typ) || isArgument(to.typ)) {
					return nil, errorAt(n.path+".type", "unknown node type %q, linked to an %s node by %s (expected I, RA, CA, L, YA, TA, MA or PA)",
						short(n.typ), other(n, from, to).typ, e.path)
				}
			}
			g.report.IgnoredEdges++
			continue
		}
		switch from.typ + ">" + to.typ {
		case "I>RA", "RA>I", "I>CA", "CA>I", "CA>RA":
		default:
			return nil, e.errorf("an edge from an %s node to an %s node cannot be imported (Argmap reads I→RA→I supports, I→CA→I and I→CA→RA attacks)", from.typ, to.typ)
		}
		from.outs = append(from.outs, ends[1])
		if from.typ == typeI {
			to.ins = append(to.ins, ends[0]) // a premise or an attacker
		}
	}

	locs, err := aif.member("locutions").elems()
	if err != nil {
		return nil, err
	}
	for _, l := range locs {
		if err := l.object(); err != nil {
			return nil, err
		}
		id, err := l.id("nodeID")
		if err != nil {
			return nil, err
		}
		if _, ok := g.byID[id]; !ok {
			return nil, errorAt(l.child("nodeID"), "no node has the id %q", short(id))
		}
	}

	for i := range g.nodes {
		n := &g.nodes[i]
		switch {
		case n.typ == typeRA && len(n.ins) == 0:
			return nil, errorAt(n.path, "RA node %q has no premise: no edge comes to it from an I-node", short(n.id))
		case n.typ == typeRA && len(n.outs) == 0:
			return nil, errorAt(n.path, "RA node %q has no conclusion: no edge goes from it to an I-node", short(n.id))
		case n.typ == typeRA && len(n.outs) > 1:
			return nil, errorAt(n.path, "RA node %q has %d conclusions; an RA node concludes one I-node", short(n.id), len(n.outs))
		case n.typ == typeCA && len(n.ins) == 0:
			return nil, errorAt(n.path, "CA node %q has no attacker: no edge comes to it from an I-node", short(n.id))
		case n.typ == typeCA && len(n.outs) == 0:
			return nil, errorAt(n.path, "CA node %q attacks nothing: no edge goes from it to an I-node or RA node", short(n.id))
		case n.typ == typeCA && len(n.outs) > 1:
			return nil, errorAt(n.path, "CA node %q has %d targets; a CA node attacks one I-node or RA node", short(n.id), len(n.outs))
		case !isArgument(n.typ):
			g.report.IgnoredNodes[n.typ]++
		}
	}
	return g, nil
}

func other(n, a, b *gnode) *gnode {
	if n == a {
		return b
	}
	return a
}

// exact rebuilds a map from the graph and the argmap extension.
func (g *graph) exact(root, ext jnode) (*argmap.Map, error) {
	if err := ext.object("version", "document", "actors", "claims", "links", "relations"); err != nil {
		return nil, err
	}
	version, err := ext.integer("version", 0)
	if err != nil {
		return nil, err
	}
	if version != ExtensionVersion {
		return nil, errorAt(ext.child("version"), "is %d; this Argmap reads version %d", version, ExtensionVersion)
	}
	m := &argmap.Map{}

	// The document; its text is the top-level "text".
	d := ext.member("document")
	if err := d.object("id", "title", "published", "source", "language", "sha256"); err != nil {
		return nil, err
	}
	doc := &m.Document
	var published, sum string
	for _, f := range []struct {
		key string
		dst *string
	}{{"id", &doc.ID}, {"title", &doc.Title}, {"published", &published}, {"source", &doc.Source}, {"language", &doc.Language}, {"sha256", &sum}} {
		if *f.dst, err = d.str(f.key); err != nil {
			return nil, err
		}
	}
	if published != "" {
		if doc.Published, err = parsePublished(published); err != nil {
			return nil, errorAt(d.child("published"), "%q is not an ISO date such as 2025-11-25 (or an RFC 3339 time)", short(published))
		}
	}
	text := root.member("text")
	if text.v.kind != jString {
		return nil, errorAt(text.path, "expected a string (the document text, required with the argmap extension), found %s", text.v.kind)
	}
	doc.Text = text.v.s
	if sum != "" {
		got := sha256.Sum256([]byte(doc.Text))
		if hex.EncodeToString(got[:]) != sum {
			return nil, errorAt(d.child("sha256"), "does not match the SHA-256 of the text: the text was changed after export")
		}
	}

	// Actors.
	actors, err := ext.member("actors").elems()
	if err != nil {
		return nil, err
	}
	if actors != nil {
		m.Actors = make([]argmap.MapActor, 0, len(actors))
	}
	for _, a := range actors {
		if err := a.object("id", "name", "type", "aliases", "description", "partOf", "mentions"); err != nil {
			return nil, err
		}
		var ma argmap.MapActor
		var typ string
		if err := strs(a, map[string]*string{"id": &ma.ID, "name": &ma.Name, "type": &typ, "description": &ma.Description}); err != nil {
			return nil, err
		}
		ma.Type = argmap.ActorType(typ)
		if ma.Aliases, err = a.strings("aliases"); err != nil {
			return nil, err
		}
		if ma.PartOf, err = a.strings("partOf"); err != nil {
			return nil, err
		}
		if ma.Mentions, err = quotesIn(a.member("mentions")); err != nil {
			return nil, err
		}
		m.Actors = append(m.Actors, ma)
	}

	// Claims: one per I-node.
	claimOf := map[int]string{} // node index -> claim id
	claims, err := ext.member("claims").elems()
	if err != nil {
		return nil, err
	}
	if claims != nil {
		m.Claims = make([]argmap.Claim, 0, len(claims))
	}
	for _, c := range claims {
		if err := c.object("nodeID", "id", "role", "modality", "hedging", "hedgeCue", "quotes", "mentions"); err != nil {
			return nil, err
		}
		n, err := g.entryNode(c, claimOf, typeI)
		if err != nil {
			return nil, err
		}
		cl := argmap.Claim{Text: g.nodes[n].text}
		var role, modality, hedging string
		if err := strs(c, map[string]*string{"id": &cl.ID, "role": &role, "modality": &modality, "hedging": &hedging, "hedgeCue": &cl.HedgeCue}); err != nil {
			return nil, err
		}
		cl.Role, cl.Modality, cl.Hedging = argmap.ClaimRole(role), argmap.Modality(modality), argmap.Hedging(hedging)
		if cl.Quotes, err = quotesIn(c.member("quotes")); err != nil {
			return nil, err
		}
		mentions, err := c.member("mentions").elems()
		if err != nil {
			return nil, err
		}
		if mentions != nil {
			cl.Mentions = make([]argmap.Mention, 0, len(mentions))
		}
		for _, mn := range mentions {
			if err := mn.object("actor", "role", "quote"); err != nil {
				return nil, err
			}
			var actor, mrole string
			if err := strs(mn, map[string]*string{"actor": &actor, "role": &mrole}); err != nil {
				return nil, err
			}
			q, err := quoteIn(mn.member("quote"))
			if err != nil {
				return nil, err
			}
			cl.Mentions = append(cl.Mentions, argmap.Mention{ActorID: actor, Role: argmap.MentionRole(mrole), Quote: q})
		}
		claimOf[n] = cl.ID
		m.Claims = append(m.Claims, cl)
	}

	// Links: one per RA and CA node.
	linkOf := map[int]int{} // node index -> index in m.Links
	links, err := ext.member("links").elems()
	if err != nil {
		return nil, err
	}
	if links != nil {
		m.Links = make([]argmap.Link, 0, len(links))
	}
	taken := map[int]string{}
	var undercuts []int // indexes in m.Links, with their RA node in target
	target := map[int]int{}
	for _, l := range links {
		if err := l.object("nodeID", "id", "kind", "quote"); err != nil {
			return nil, err
		}
		n, err := g.entryNode(l, taken, typeRA, typeCA)
		if err != nil {
			return nil, err
		}
		taken[n] = ""
		gn := &g.nodes[n]
		ln := argmap.Link{}
		var kind string
		if err := strs(l, map[string]*string{"id": &ln.ID, "kind": &kind}); err != nil {
			return nil, err
		}
		ln.Kind = argmap.AttackKind(kind)
		if l.has("quote") {
			q, err := quoteIn(l.member("quote"))
			if err != nil {
				return nil, err
			}
			ln.Quote = &q
		}
		if len(gn.ins) != 1 {
			return nil, errorAt(gn.path, "%s node %q has %d incoming I-nodes; with the argmap extension each RA or CA node is one link from one claim", gn.typ, short(gn.id), len(gn.ins))
		}
		from, to := gn.ins[0], gn.outs[0]
		ln.From = claimOf[from]
		switch {
		case gn.typ == typeRA:
			ln.Type = argmap.LinkSupports
			ln.To = claimOf[to]
			if kind != "" {
				return nil, errorAt(l.child("kind"), "is %q, but node %q is an RA node (a supports link); only attacks have a kind", short(kind), short(gn.id))
			}
		case g.nodes[to].typ == typeRA:
			ln.Type = argmap.LinkAttacks
			if ln.Kind != argmap.AttackUndercut {
				return nil, errorAt(l.child("kind"), "is %q, but CA node %q attacks an RA node: expected undercut", short(kind), short(gn.id))
			}
			undercuts = append(undercuts, len(m.Links))
			target[len(m.Links)] = to
		default:
			ln.Type = argmap.LinkAttacks
			ln.To = claimOf[to]
			if ln.Kind == argmap.AttackUndercut {
				return nil, errorAt(l.child("kind"), "is undercut, but CA node %q attacks an I-node, not an RA node", short(gn.id))
			}
		}
		linkOf[n] = len(m.Links)
		m.Links = append(m.Links, ln)
	}
	for _, i := range undercuts {
		ra := linkOf[target[i]]
		m.Links[i].TargetLink = m.Links[ra].ID
		m.Links[i].To = m.Links[ra].To
	}

	// Every argument node must have its entry.
	for i, n := range g.nodes {
		_, isClaim := claimOf[i]
		_, isLink := linkOf[i]
		switch {
		case n.typ == typeI && !isClaim:
			return nil, errorAt(n.path, "I-node %q has no entry in argmap.claims", short(n.id))
		case (n.typ == typeRA || n.typ == typeCA) && !isLink:
			return nil, errorAt(n.path, "%s node %q has no entry in argmap.links", n.typ, short(n.id))
		}
	}

	// Relations.
	rels, err := ext.member("relations").elems()
	if err != nil {
		return nil, err
	}
	if rels != nil {
		m.Relations = make([]argmap.Relation, 0, len(rels))
	}
	for _, r := range rels {
		if err := r.object("id", "type", "from", "to", "modality", "evidence", "quotes"); err != nil {
			return nil, err
		}
		var rel argmap.Relation
		var typ, modality string
		if err := strs(r, map[string]*string{"id": &rel.ID, "type": &typ, "from": &rel.From, "to": &rel.To, "modality": &modality}); err != nil {
			return nil, err
		}
		rel.Type, rel.Modality = argmap.RelationType(typ), argmap.RelationModality(modality)
		if rel.Evidence, err = r.strings("evidence"); err != nil {
			return nil, err
		}
		if rel.Quotes, err = quotesIn(r.member("quotes")); err != nil {
			return nil, err
		}
		m.Relations = append(m.Relations, rel)
	}
	return m, nil
}

// entryNode resolves the nodeID of an extension entry to a node of one of
// the given types that no other entry has taken.
func (g *graph) entryNode(entry jnode, taken map[int]string, types ...string) (int, error) {
	ref, err := entry.id("nodeID")
	if err != nil {
		return 0, err
	}
	n, ok := g.byID[ref]
	if !ok {
		return 0, errorAt(entry.child("nodeID"), "no node has the id %q", short(ref))
	}
	typeOK := false
	for _, t := range types {
		typeOK = typeOK || g.nodes[n].typ == t
	}
	if !typeOK {
		return 0, errorAt(entry.child("nodeID"), "node %q is an %s node, expected %s", short(ref), short(g.nodes[n].typ), strings.Join(types, " or "))
	}
	if _, dup := taken[n]; dup {
		return 0, errorAt(entry.child("nodeID"), "node %q has a second entry", short(ref))
	}
	return n, nil
}

// strs reads string members into their destinations, in a fixed order so
// that the first error is always the same.
func strs(n jnode, dst map[string]*string) error {
	keys := make([]string, 0, len(dst))
	for k := range dst {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, err := n.str(k)
		if err != nil {
			return err
		}
		*dst[k] = s
	}
	return nil
}

func quoteIn(n jnode) (argmap.Quote, error) {
	if err := n.object("exact", "prefix", "suffix", "start", "end"); err != nil {
		return argmap.Quote{}, err
	}
	var q argmap.Quote
	if err := strs(n, map[string]*string{"exact": &q.Exact, "prefix": &q.Prefix, "suffix": &q.Suffix}); err != nil {
		return argmap.Quote{}, err
	}
	var err error
	if q.Start, err = n.integer("start", argmap.Unanchored); err != nil {
		return argmap.Quote{}, err
	}
	if q.End, err = n.integer("end", argmap.Unanchored); err != nil {
		return argmap.Quote{}, err
	}
	return q, nil
}

func quotesIn(n jnode) ([]argmap.Quote, error) {
	els, err := n.elems()
	if err != nil || els == nil {
		return nil, err
	}
	out := make([]argmap.Quote, len(els))
	for i, e := range els {
		if out[i], err = quoteIn(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// parsePublished reads a publication date: an ISO date or an RFC 3339 time,
// returned in UTC.
func parsePublished(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	return t.UTC(), err
}

// searchBudget bounds the bytes a best-effort import scans to locate I-node
// texts in the input's document text.
const searchBudget = 1 << 28

// bestEffort builds a map from a plain AIF graph.
func (g *graph) bestEffort(root jnode, data []byte) (*argmap.Map, error) {
	var inodes []int
	for i, n := range g.nodes {
		if n.typ == typeI {
			inodes = append(inodes, i)
		}
	}
	if len(inodes) == 0 {
		return nil, errorAt(root.child("nodes"), "has no I-node: there is no claim to import")
	}
	sum := sha256.Sum256(data)
	docID := "aif-" + hex.EncodeToString(sum[:6])
	m := &argmap.Map{Document: argmap.Document{ID: docID, Title: "AIF import " + docID, Published: g.published()}}

	// The document text: the input's own text when every I-node text occurs
	// in it, else the I-node texts, one per line.
	quotes := make([]argmap.Quote, len(inodes))
	var given string
	if t := root.member("text"); t.v.kind == jString {
		given = t.v.s
	} else if t.v.kind == jObject {
		if txt := t.member("txt"); txt.v.kind == jString {
			given = txt.v.s
		}
	}
	if given != "" && len(given) <= argmap.MaxTextLength && len(given)*len(inodes) <= searchBudget {
		g.report.Located = true
		for k, i := range inodes {
			exact := g.nodes[i].text
			at := strings.Index(given, exact)
			if at < 0 {
				g.report.Located = false
				break
			}
			start := utf8.RuneCountInString(given[:at])
			quotes[k] = argmap.Quote{Exact: exact, Start: start, End: start + utf8.RuneCountInString(exact)}
		}
	}
	if g.report.Located {
		m.Document.Text = given
	} else {
		var b strings.Builder
		offset := 0
		for k, i := range inodes {
			if k > 0 {
				b.WriteByte('\n')
				offset++
			}
			exact := g.nodes[i].text
			n := utf8.RuneCountInString(exact)
			quotes[k] = argmap.Quote{Exact: exact, Start: offset, End: offset + n}
			b.WriteString(exact)
			offset += n
		}
		m.Document.Text = b.String()
	}

	ids := &idAlloc{docID: docID, used: map[string]bool{}}
	claimOf := map[int]string{}
	for k, i := range inodes {
		c := argmap.Claim{ID: ids.alloc("i-", g.nodes[i].id), Text: g.nodes[i].text, Role: argmap.RolePremise,
			Modality: argmap.ModalityAssertion, Hedging: argmap.HedgingNone, Quotes: []argmap.Quote{quotes[k]}}
		claimOf[i] = c.ID
		m.Claims = append(m.Claims, c)
	}

	// One supports link per premise of an RA node; one attack per attacker
	// of a CA node and, for an undercut, per supports link of its RA node.
	supports := map[int][]argmap.Link{}
	for i, n := range g.nodes {
		if n.typ != typeRA {
			continue
		}
		for k, p := range n.ins {
			suffix := ""
			if len(n.ins) > 1 {
				suffix = "-" + strconv.Itoa(k+1)
			}
			supports[i] = append(supports[i], argmap.Link{ID: ids.alloc("ra-", n.id+suffix), Type: argmap.LinkSupports,
				From: claimOf[p], To: claimOf[n.outs[0]]})
		}
	}
	for i, n := range g.nodes {
		switch n.typ {
		case typeRA:
			m.Links = append(m.Links, supports[i]...)
		case typeCA:
			t := n.outs[0]
			var targets []argmap.Link // the inferences an undercut attacks
			if g.nodes[t].typ == typeRA {
				targets = supports[t]
			}
			count, k := len(n.ins)*max(1, len(targets)), 0
			id := func() string {
				k++
				if count == 1 {
					return ids.alloc("ca-", n.id)
				}
				return ids.alloc("ca-", n.id+"-"+strconv.Itoa(k))
			}
			for _, a := range n.ins {
				l := argmap.Link{Type: argmap.LinkAttacks, From: claimOf[a], To: claimOf[t], Kind: argmap.AttackRebut}
				if targets == nil {
					l.ID = id()
					m.Links = append(m.Links, l)
					continue
				}
				for _, s := range targets {
					l.ID = id()
					l.Kind, l.To, l.TargetLink = argmap.AttackUndercut, s.To, s.ID
					m.Links = append(m.Links, l)
				}
			}
		}
	}
	return m, nil
}

// published is the earliest date among the node timestamps, or 1970-01-01
// when no node has a readable timestamp.
func (g *graph) published() time.Time {
	var first time.Time
	for _, n := range g.nodes {
		for _, layout := range []string{timestampLayout, time.RFC3339Nano, time.DateOnly} {
			t, err := time.Parse(layout, n.timestamp)
			if err != nil {
				continue
			}
			t = t.UTC()
			d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			if !d.IsZero() && (first.IsZero() || d.Before(first)) {
				first = d
			}
			break
		}
	}
	if first.IsZero() {
		return time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return first
}

// idAlloc derives unique, valid local ids of claims and links from AIF node
// ids.
type idAlloc struct {
	docID string
	used  map[string]bool
}

func (a *idAlloc) alloc(prefix, nodeID string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range nodeID {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:/-", r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
		if b.Len() >= argmap.MaxIDLength-len(a.docID)-1-12 {
			break // leave room for a ".N" suffix
		}
	}
	base := b.String()
	id := base
	for n := 2; a.used[id]; n++ {
		id = base + "." + strconv.Itoa(n)
	}
	a.used[id] = true
	return a.docID + "/" + id
}
