package neo4j

import (
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/argmap/argmap/internal/argmap"
)

// Cypher projections and their Go decoders. Every statement that returns a
// domain object projects it with one of these expressions, so that one
// decoder serves all statements. The variable names are fixed: a for an
// actor, c for a claim, d for a document, r for a relationship.
const (
	// projActor is an actor with the ids of the actors it is part of.
	projActor = `{props: properties(a), partOf: [(a)-[:PART_OF]->(p:Actor) | p.id]}`
	// projClaim is a claim with its mentions.
	projClaim = `{props: properties(c), mentions: [(c)-[m:MENTIONS]->(x:Actor) | {actor: x.id, props: properties(m)}]}`
	// projDocument is a document.
	projDocument = `properties(d)`
	// projRel is an actor relation or a claim link.
	projRel = `{type: type(r), from: startNode(r).id, to: endNode(r).id, props: properties(r)}`
)

func actorFrom(v any) *argmap.Actor {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	p := m["props"].(map[string]any)
	partOf := stringList(m["partOf"])
	slices.Sort(partOf)
	return &argmap.Actor{ID: str(p, "id"), Name: str(p, "name"), Type: argmap.ActorType(str(p, "type")), Description: str(p, "description"),
		Aliases: stringList(p["aliases"]), PartOf: slices.Compact(partOf)}
}

func claimFrom(v any) *argmap.Claim {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	c := m["props"].(map[string]any)
	cl := &argmap.Claim{ID: str(c, "id"), DocumentID: str(c, "document"), Text: str(c, "text"), Role: argmap.ClaimRole(str(c, "role")),
		Modality: argmap.Modality(str(c, "modality")), Hedging: argmap.Hedging(str(c, "hedging")), HedgeCue: str(c, "hedgeCue"), Quotes: getQuotes(c)}
	for _, x := range m["mentions"].([]any) {
		mn := x.(map[string]any)
		props := mn["props"].(map[string]any)
		var q argmap.Quote
		if qs := getQuotes(props); len(qs) > 0 {
			q = qs[0]
		}
		cl.Mentions = append(cl.Mentions, argmap.Mention{ActorID: mn["actor"].(string), Role: argmap.MentionRole(str(props, "role")), Quote: q})
	}
	slices.SortFunc(cl.Mentions, func(a, b argmap.Mention) int { return a.Quote.Start - b.Quote.Start })
	return cl
}

func documentFrom(v any) *argmap.Document {
	d, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	doc := &argmap.Document{ID: str(d, "id"), Title: str(d, "title"), Source: str(d, "source"), Language: str(d, "language"),
		Text: str(d, "text"), SHA256: str(d, "sha256")}
	if p, ok := d["published"].(dbtype.Date); ok {
		doc.Published = time.Time(p)
	}
	return doc
}

// relationFrom decodes projRel for an actor relation; ok is false for any
// other relationship type.
func relationFrom(v any) (*argmap.Relation, bool) {
	m := v.(map[string]any)
	t, ok := argmap.RelationTypeOf(argmap.RelType(m["type"].(string)))
	if !ok {
		return nil, false
	}
	p := m["props"].(map[string]any)
	return &argmap.Relation{ID: str(p, "id"), DocumentID: str(p, "doc"), Type: t, From: m["from"].(string), To: m["to"].(string),
		Modality: argmap.RelationModality(str(p, "modality")), Evidence: stringList(p["evidence"]), Quotes: getQuotes(p)}, true
}

// linkFrom decodes projRel for a claim link; ok is false for any other
// relationship type.
func linkFrom(v any) (*argmap.Link, bool) {
	m := v.(map[string]any)
	p := m["props"].(map[string]any)
	l := &argmap.Link{ID: str(p, "id"), DocumentID: str(p, "doc"), From: m["from"].(string), To: m["to"].(string)}
	switch argmap.RelType(m["type"].(string)) {
	case argmap.RelTypeSupports:
		l.Type = argmap.LinkSupports
	case argmap.RelTypeAttacks:
		l.Type, l.Kind, l.TargetLink = argmap.LinkAttacks, argmap.AttackKind(str(p, "kind")), str(p, "targetLink")
	default:
		return nil, false
	}
	if qs := getQuotes(p); len(qs) > 0 {
		l.Quote = &qs[0]
	}
	return l, true
}

// keyText is the Actor property that the actor_key_text TEXT index covers:
// every folded key followed by a newline, after a leading newline. Folded
// names hold no newline, so `keyText CONTAINS $fragment` is "some key
// contains the fragment", and `CONTAINS "\n" + $key + "\n"` is "one key is
// exactly $key". cypherActorAliases builds the same string in Cypher.
func keyText(keys []string) string {
	var b strings.Builder
	b.WriteByte('\n')
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('\n')
	}
	return b.String()
}
