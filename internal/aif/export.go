package aif

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/argmap/argmap/internal/argmap"
)

// ExtensionVersion is the version of the "argmap" extension object that
// Export writes and Import reads.
const ExtensionVersion = 1

// AIF node types.
const (
	typeI  = "I"  // information: a claim
	typeRA = "RA" // rule application: a supports link
	typeCA = "CA" // conflict application: an attacks link
	typeL  = "L"  // locution: a quote of a claim
	typeYA = "YA" // illocution: anchors an I-node in its locution
)

// The texts AIFdb gives the default schemes.
const (
	textRA = "Default Inference"
	textCA = "Default Conflict"
	textYA = "Default Illocuting"
)

// timestampLayout is AIFdb's timestamp format.
const timestampLayout = "2006-01-02 15:04:05"

// authorID is the participant who asserts every locution: the author of the
// document.
const authorID = "author"

type aifFile struct {
	Nodes        []aifNode        `json:"nodes"`
	Edges        []aifEdge        `json:"edges"`
	Locutions    []aifLocution    `json:"locutions"`
	Participants []aifParticipant `json:"participants"`
	Text         string           `json:"text"`
	Argmap       *extension       `json:"argmap"`
}

type aifNode struct {
	NodeID    string `json:"nodeID"`
	Text      string `json:"text"`
	Type      string `json:"type"`
	Timestamp string `json:"timestamp"`
}

type aifEdge struct {
	EdgeID     string  `json:"edgeID"`
	FromID     string  `json:"fromID"`
	ToID       string  `json:"toID"`
	FormEdgeID *string `json:"formEdgeID"` // always null
}

type aifLocution struct {
	NodeID    string `json:"nodeID"`
	PersonID  string `json:"personID"`
	Timestamp string `json:"timestamp"`
}

type aifParticipant struct {
	ParticipantID string `json:"participantID"`
	Firstname     string `json:"firstname"`
	Surname       string `json:"surname"`
}

// The "argmap" extension. Slices have no omitempty: a nil slice is written
// null and an empty one [], so that Import gives back exactly what it was.
type extension struct {
	Version   int           `json:"version"`
	Document  extDocument   `json:"document"`
	Actors    []extActor    `json:"actors"`
	Claims    []extClaim    `json:"claims"`
	Links     []extLink     `json:"links"`
	Relations []extRelation `json:"relations"`
}

type extDocument struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Language  string `json:"language"`
	SHA256    string `json:"sha256"`
}

type extQuote struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

type extActor struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Type        string     `json:"type"`
	Aliases     []string   `json:"aliases"`
	Description string     `json:"description"`
	PartOf      []string   `json:"partOf"`
	Mentions    []extQuote `json:"mentions"`
}

type extMention struct {
	Actor string   `json:"actor"`
	Role  string   `json:"role"`
	Quote extQuote `json:"quote"`
}

type extClaim struct {
	NodeID   string       `json:"nodeID"`
	ID       string       `json:"id"`
	Role     string       `json:"role"`
	Modality string       `json:"modality"`
	Hedging  string       `json:"hedging"`
	HedgeCue string       `json:"hedgeCue"`
	Quotes   []extQuote   `json:"quotes"`
	Mentions []extMention `json:"mentions"`
}

type extLink struct {
	NodeID string    `json:"nodeID"`
	ID     string    `json:"id"`
	Kind   string    `json:"kind,omitempty"`
	Quote  *extQuote `json:"quote,omitempty"`
}

type extRelation struct {
	ID       string     `json:"id"`
	Type     string     `json:"type"`
	From     string     `json:"from"`
	To       string     `json:"to"`
	Modality string     `json:"modality"`
	Evidence []string   `json:"evidence"`
	Quotes   []extQuote `json:"quotes"`
}

// Node ids: derived from the ids of the map, so that exports are stable.
func iNodeID(claimID string) string { return "I:" + claimID }
func raNodeID(linkID string) string { return "RA:" + linkID }
func caNodeID(linkID string) string { return "CA:" + linkID }
func lNodeID(claimID string, j int) string {
	return "L:" + claimID + ":" + strconv.Itoa(j)
}
func yaNodeID(claimID string, j int) string {
	return "YA:" + claimID + ":" + strconv.Itoa(j)
}

// edgeID names an edge by its ends; Argmap ids cannot hold ">", and an export
// has at most one edge between two nodes.
func edgeID(from, to string) string { return from + "->" + to }

// Export writes m as AIFdb JSON with the "argmap" extension (see the package
// documentation). m should be valid, as Validate leaves it: Export checks
// only what it needs to build the graph (unique, well-formed ids of claims
// and links; links between claims of the map; undercuts naming a supports
// link) and reports the rest to no one. The same map always gives the same
// bytes.
func Export(m *argmap.Map) ([]byte, error) {
	if m == nil {
		return nil, argmap.Errorf(argmap.EINVALID, "no map to export")
	}
	ts := m.Document.Published.UTC().Format(timestampLayout)
	f := aifFile{
		Nodes:        []aifNode{},
		Edges:        []aifEdge{},
		Locutions:    []aifLocution{},
		Participants: []aifParticipant{{ParticipantID: authorID, Firstname: "Author"}},
		Text:         m.Document.Text,
		Argmap: &extension{
			Version: ExtensionVersion,
			Document: extDocument{ID: m.Document.ID, Title: m.Document.Title, Published: formatPublished(m.Document.Published),
				Source: m.Document.Source, Language: m.Document.Language, SHA256: m.Document.SHA256},
		},
	}
	ext := f.Argmap
	node := func(id, text, typ string) {
		f.Nodes = append(f.Nodes, aifNode{NodeID: id, Text: text, Type: typ, Timestamp: ts})
	}
	edge := func(from, to string) {
		f.Edges = append(f.Edges, aifEdge{EdgeID: edgeID(from, to), FromID: from, ToID: to})
	}

	if m.Actors != nil {
		ext.Actors = make([]extActor, 0, len(m.Actors))
	}
	for _, a := range m.Actors {
		ext.Actors = append(ext.Actors, extActor{ID: a.ID, Name: a.Name, Type: string(a.Type), Aliases: a.Aliases,
			Description: a.Description, PartOf: a.PartOf, Mentions: quotesOut(a.Mentions)})
	}

	claims := map[string]bool{}
	if m.Claims != nil {
		ext.Claims = make([]extClaim, 0, len(m.Claims))
	}
	for i, c := range m.Claims {
		field := fmt.Sprintf("claims[%d].id", i)
		if !argmap.ValidID(c.ID) {
			return nil, argmap.FieldErrorf(argmap.EINVALID, field, "%s: %q is not a valid claim id", field, short(c.ID))
		}
		if claims[c.ID] {
			return nil, argmap.FieldErrorf(argmap.EINVALID, field, "%s: claim %q is given twice", field, c.ID)
		}
		claims[c.ID] = true
		id := iNodeID(c.ID)
		node(id, c.Text, typeI)
		for j, q := range c.Quotes {
			l, ya := lNodeID(c.ID, j), yaNodeID(c.ID, j)
			node(l, q.Exact, typeL)
			node(ya, textYA, typeYA)
			edge(l, ya)
			edge(ya, id)
			f.Locutions = append(f.Locutions, aifLocution{NodeID: l, PersonID: authorID, Timestamp: ts})
		}
		ec := extClaim{NodeID: id, ID: c.ID, Role: string(c.Role), Modality: string(c.Modality), Hedging: string(c.Hedging),
			HedgeCue: c.HedgeCue, Quotes: quotesOut(c.Quotes)}
		if c.Mentions != nil {
			ec.Mentions = make([]extMention, 0, len(c.Mentions))
		}
		for _, mn := range c.Mentions {
			ec.Mentions = append(ec.Mentions, extMention{Actor: mn.ActorID, Role: string(mn.Role), Quote: quoteOut(mn.Quote)})
		}
		ext.Claims = append(ext.Claims, ec)
	}

	supports := map[string]bool{}
	seen := map[string]bool{}
	for i, l := range m.Links {
		field := fmt.Sprintf("links[%d].id", i)
		if !argmap.ValidID(l.ID) {
			return nil, argmap.FieldErrorf(argmap.EINVALID, field, "%s: %q is not a valid link id", field, short(l.ID))
		}
		if seen[l.ID] {
			return nil, argmap.FieldErrorf(argmap.EINVALID, field, "%s: link %q is given twice", field, l.ID)
		}
		seen[l.ID] = true
		if l.Type == argmap.LinkSupports {
			supports[l.ID] = true
		}
	}
	if m.Links != nil {
		ext.Links = make([]extLink, 0, len(m.Links))
	}
	for i, l := range m.Links {
		claim := func(name, id string) (string, error) {
			if !claims[id] {
				field := fmt.Sprintf("links[%d].%s", i, name)
				return "", argmap.FieldErrorf(argmap.EINVALID, field, "%s: %q is not a claim of the map", field, short(id))
			}
			return iNodeID(id), nil
		}
		from, err := claim("from", l.From)
		if err != nil {
			return nil, err
		}
		var id, to string
		switch {
		case l.Type == argmap.LinkSupports:
			id = raNodeID(l.ID)
			node(id, textRA, typeRA)
			if to, err = claim("to", l.To); err != nil {
				return nil, err
			}
		case l.Type == argmap.LinkAttacks && l.Kind == argmap.AttackUndercut:
			id = caNodeID(l.ID)
			node(id, textCA, typeCA)
			target := cmp.Or(l.TargetLink, l.To)
			if !supports[target] {
				field := fmt.Sprintf("links[%d].targetLink", i)
				return nil, argmap.FieldErrorf(argmap.EINVALID, field, "%s: %q is not a supports link of the map (an undercut attacks an inference)", field, short(target))
			}
			to = raNodeID(target)
		case l.Type == argmap.LinkAttacks:
			id = caNodeID(l.ID)
			node(id, textCA, typeCA)
			if to, err = claim("to", l.To); err != nil {
				return nil, err
			}
		default:
			field := fmt.Sprintf("links[%d].type", i)
			return nil, argmap.FieldErrorf(argmap.EINVALID, field, "%s: unknown link type %q", field, short(string(l.Type)))
		}
		edge(from, id)
		edge(id, to)
		el := extLink{NodeID: id, ID: l.ID, Kind: string(l.Kind)}
		if l.Quote != nil {
			q := quoteOut(*l.Quote)
			el.Quote = &q
		}
		ext.Links = append(ext.Links, el)
	}

	if m.Relations != nil {
		ext.Relations = make([]extRelation, 0, len(m.Relations))
	}
	for _, r := range m.Relations {
		ext.Relations = append(ext.Relations, extRelation{ID: r.ID, Type: string(r.Type), From: r.From, To: r.To,
			Modality: string(r.Modality), Evidence: r.Evidence, Quotes: quotesOut(r.Quotes)})
	}

	slices.SortFunc(f.Nodes, func(a, b aifNode) int { return cmp.Compare(a.NodeID, b.NodeID) })
	slices.SortFunc(f.Edges, func(a, b aifEdge) int { return cmp.Compare(a.EdgeID, b.EdgeID) })
	slices.SortFunc(f.Locutions, func(a, b aifLocution) int { return cmp.Compare(a.NodeID, b.NodeID) })

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, argmap.Errorf(argmap.EINTERNAL, "encoding AIF JSON: %v", err)
	}
	return buf.Bytes(), nil
}

// formatPublished writes a publication date as an ISO date, or as an
// RFC 3339 time in UTC when it has a time of day.
func formatPublished(t time.Time) string {
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

func quoteOut(q argmap.Quote) extQuote {
	return extQuote{Exact: q.Exact, Prefix: q.Prefix, Suffix: q.Suffix, Start: q.Start, End: q.End}
}

func quotesOut(qs []argmap.Quote) []extQuote {
	if qs == nil {
		return nil
	}
	out := make([]extQuote, len(qs))
	for i, q := range qs {
		out[i] = quoteOut(q)
	}
	return out
}
