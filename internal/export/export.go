// Package export converts argument maps (argmap.Map, one per document) to
// text formats that other tools read:
//
//   - Argdown (https://argdown.org), the argument layer as a text an analyst
//     can read, edit and render with the Argdown tools;
//   - GraphML, for Gephi, yEd, NetworkX and igraph, one layer at a time;
//   - CSV node and edge tables (RFC 4180), for Gephi's spreadsheet import
//     and pandas, one layer at a time.
//
// Every export is deterministic: the same maps give the same bytes, whatever
// the order of the maps in the slice. Documents, nodes and edges are written
// in id order. The text goes to the writer as it is made, through a small
// buffer, never as one whole copy; a write error stops the export and is
// returned.
//
// Several maps are merged into one export. Actors are shared by id and
// appear once: their aliases are the union over the documents in
// document-id order, their partOf the union, and their name, type and
// description come from the last document in document-id order that names
// them (the store keeps those of the most recent import). Claims, links and
// relations are unique by id already (their ids are qualified with their
// document id); two maps of the same document are an error.
//
// The maps are expected to be validated (argmap.Map.Validate, or read from
// the store): actor references resolved to ids, claim ids qualified, and
// each undercut's TargetLink set. An export whose edges would point at
// nothing is refused with an argmap.EINVALID error.
package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// Layer selects what a graph export (GraphML, CSV) contains.
type Layer int

const (
	// ActorNetwork: actors as nodes, actor-to-actor relations as edges.
	ActorNetwork Layer = iota
	// ArgumentGraph: claims as nodes, supports and attacks links as edges.
	ArgumentGraph
)

// String returns the layer's name as ParseLayer accepts it.
func (l Layer) String() string {
	switch l {
	case ActorNetwork:
		return "actors"
	case ArgumentGraph:
		return "arguments"
	}
	return fmt.Sprintf("Layer(%d)", int(l))
}

// ParseLayer returns the layer named "actors" or "arguments" (the names
// String gives), for a query parameter.
func ParseLayer(s string) (Layer, error) {
	switch s {
	case "actors":
		return ActorNetwork, nil
	case "arguments":
		return ArgumentGraph, nil
	}
	return 0, argmap.Errorf(argmap.EINVALID, "unknown layer %q: use actors or arguments", s)
}

// Format describes an export format for HTTP responses and file names.
type Format struct {
	Name        string // the key in Formats
	Ext         string // file extension, with the dot
	ContentType string // Content-Type header value
	Layered     bool   // the export needs a Layer (GraphML, CSV)
}

// Formats are the export formats by name. The CSV export writes two tables
// (nodes and edges), each a .csv file of this content type: serve them as
// two endpoints or files, for example NAME-nodes.csv and NAME-edges.csv.
// application/graphml+xml is the customary, unregistered GraphML type.
var Formats = map[string]Format{
	"argdown": {Name: "argdown", Ext: ".argdown", ContentType: "text/plain; charset=utf-8"},
	"graphml": {Name: "graphml", Ext: ".graphml", ContentType: "application/graphml+xml", Layered: true},
	"csv":     {Name: "csv", Ext: ".csv", ContentType: "text/csv; charset=utf-8; header=present", Layered: true},
}

// actor is an actor merged over the documents that name it.
type actor struct {
	argmap.Actor
	Documents []string // ids of the documents that name it, sorted
}

// merged is the union of several maps, every list sorted by id.
type merged struct {
	docs      []argmap.Document
	actors    []actor
	claims    []argmap.Claim
	links     []argmap.Link // undercuts normalised: TargetLink set, To its conclusion
	relations []argmap.Relation

	actorIDs map[string]bool
	claimIDs map[string]bool
	linkByID map[string]*argmap.Link
}

// merge combines maps without modifying them.
func merge(maps []*argmap.Map) (*merged, error) {
	sorted := slices.Clone(maps)
	for _, m := range sorted {
		if m == nil {
			return nil, argmap.Errorf(argmap.EINVALID, "cannot export a nil map")
		}
	}
	slices.SortStableFunc(sorted, func(a, b *argmap.Map) int { return strings.Compare(a.Document.ID, b.Document.ID) })
	g := &merged{actorIDs: map[string]bool{}, claimIDs: map[string]bool{}, linkByID: map[string]*argmap.Link{}}
	byActor := map[string]*actor{}
	seen := map[string]map[string]bool{"claim": {}, "link": {}, "relation": {}}
	unique := func(kind, id string) error {
		if seen[kind][id] {
			return argmap.Errorf(argmap.EINVALID, "%s id %q is given twice: export each document's map once", kind, id)
		}
		seen[kind][id] = true
		return nil
	}
	for i, m := range sorted {
		d := m.Document
		if i > 0 && sorted[i-1].Document.ID == d.ID {
			return nil, argmap.Errorf(argmap.EINVALID, "document %q is given twice: export each document's map once", d.ID)
		}
		g.docs = append(g.docs, d)
		for _, ma := range m.Actors {
			a := byActor[ma.ID]
			if a == nil {
				a = &actor{}
				byActor[ma.ID] = a
			}
			aliases, partOf := a.Aliases, a.PartOf
			a.Actor = ma.Actor // name, type, description of the last document
			a.Aliases = appendNew(aliases, ma.Aliases...)
			a.PartOf = appendNew(partOf, ma.PartOf...)
			a.Documents = appendNew(a.Documents, d.ID)
		}
		for _, c := range m.Claims {
			if err := unique("claim", c.ID); err != nil {
				return nil, err
			}
			c.DocumentID = d.ID // as validation sets it
			g.claims = append(g.claims, c)
		}
		for _, l := range m.Links {
			if err := unique("link", l.ID); err != nil {
				return nil, err
			}
			l.DocumentID = d.ID // as validation sets it
			g.links = append(g.links, l)
		}
		for _, r := range m.Relations {
			if err := unique("relation", r.ID); err != nil {
				return nil, err
			}
			r.DocumentID = d.ID // as validation sets it
			g.relations = append(g.relations, r)
		}
	}
	for id, a := range byActor {
		slices.Sort(a.PartOf)
		g.actors = append(g.actors, *a)
		g.actorIDs[id] = true
	}
	slices.SortFunc(g.actors, func(a, b actor) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(g.claims, func(a, b argmap.Claim) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(g.links, func(a, b argmap.Link) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(g.relations, func(a, b argmap.Relation) int { return strings.Compare(a.ID, b.ID) })
	for _, c := range g.claims {
		g.claimIDs[c.ID] = true
	}
	for i := range g.links {
		g.linkByID[g.links[i].ID] = &g.links[i]
	}
	return g, g.resolve()
}

// resolve completes undercuts the way validation does (TargetLink names the
// supports link, To its conclusion) and checks that every edge has its ends.
func (g *merged) resolve() error {
	for i := range g.links {
		l := &g.links[i]
		if isUndercut(*l) {
			target := l.TargetLink
			if target == "" {
				target = l.To // an unvalidated map names the link in To
			}
			s, ok := g.linkByID[target]
			if !ok || s.Type != argmap.LinkSupports {
				return argmap.Errorf(argmap.EINVALID, "undercut %s attacks %q, which is not a supports link of the exported maps", l.ID, target)
			}
			l.TargetLink, l.To = s.ID, s.To
		}
		for _, end := range []string{l.From, l.To} {
			if !g.claimIDs[end] {
				return argmap.Errorf(argmap.EINVALID, "link %s refers to %q, which is not a claim of the exported maps", l.ID, end)
			}
		}
	}
	for _, r := range g.relations {
		for _, end := range []string{r.From, r.To} {
			if !g.actorIDs[end] {
				return argmap.Errorf(argmap.EINVALID, "relation %s refers to %q, which is not the id of an actor of the exported maps", r.ID, end)
			}
		}
	}
	return nil
}

func isUndercut(l argmap.Link) bool {
	return l.Type == argmap.LinkAttacks && l.Kind == argmap.AttackUndercut
}

// appendNew appends the values of add that list does not hold yet.
func appendNew(list []string, add ...string) []string {
	list = slices.Clone(list)
	for _, s := range add {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// localID returns id without its "documentID/" qualification.
func localID(documentID, id string) string {
	return strings.TrimPrefix(id, documentID+"/")
}

// firstQuote returns the exact words of the first quote, or "".
func firstQuote(qs []argmap.Quote) string {
	if len(qs) == 0 {
		return ""
	}
	return qs[0].Exact
}

// dateOf formats a publication date, or "" when it is unset.
func dateOf(d argmap.Document) string {
	if d.Published.IsZero() {
		return ""
	}
	return d.Published.Format("2006-01-02")
}

// join joins a list attribute. Values that contain the separator stay
// ambiguous: the separator is for reading, not for splitting.
func join(list []string) string { return strings.Join(list, "; ") }
