package argmap

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits on map contents. They keep one map file from holding more than a
// document's argument can need, and every string small enough to display.
const (
	MaxIDLength   = 200
	MaxTextLength = 10_000_000 // code points of a document text
	MaxFieldChars = 10_000     // any other string
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]*$`)

// ValidID reports whether id is an acceptable stable id.
func ValidID(id string) bool { return len(id) <= MaxIDLength && idPattern.MatchString(id) }

// Validate checks the whole map — ids, vocabularies, references and every
// quote against the document text — and completes it: quotes get their
// offsets, prefix and suffix, references by actor name become ids, undercut
// links get their target, and the document gets its SHA-256.
// It reports every problem at once as a *ValidationError (BAD_USER_INPUT).
func (m *Map) Validate() error {
	v := &validator{m: m}
	v.document()
	v.actors()
	v.claims()
	v.links()
	v.relations()
	if len(v.list) > 0 {
		return &ValidationError{Subject: fmt.Sprintf("map of document %q", m.Document.ID), Problems: v.list}
	}
	return nil
}

type validator struct {
	problems
	m    *Map
	text *Text

	actorIDs  map[string]bool
	actorKeys map[string]string // folded name or alias -> actor id
	claimIDs  map[string]bool
	linkByID  map[string]*Link
}

func (v *validator) str(item, field, s string, required bool) {
	switch {
	case required && s == "":
		v.add(item, field, "is required")
	case !utf8.ValidString(s):
		v.add(item, field, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > MaxFieldChars:
		v.add(item, field, "is longer than %d characters", MaxFieldChars)
	}
}

func (v *validator) id(item, id string, seen map[string]bool) {
	switch {
	case id == "":
		v.add(item, "id", "is required")
	case !ValidID(id):
		v.add(item, "id", "%q is not a valid id: use letters, digits and . _ : / - (at most %d characters), starting with a letter or digit", id, MaxIDLength)
	case seen[id]:
		v.add(item, "id", "%q is used twice", id)
	}
	seen[id] = true
}

func enum[T ~string](v *validator, item, field string, val T, all []T) {
	if !valid(val, all) {
		v.list = append(v.list, Problem{Item: item, Field: field, Expected: "one of " + names(all), Found: string(val), Message: "unknown value"})
	}
}

func (v *validator) quote(item, field string, q *Quote) {
	if v.text == nil {
		return // the document text itself is broken; reported already
	}
	if !utf8.ValidString(q.Exact) || !utf8.ValidString(q.Prefix) || !utf8.ValidString(q.Suffix) {
		v.add(item, field, "is not valid UTF-8")
		return
	}
	anchored, probs := v.text.Anchor(*q)
	v.addAll(item, field, probs)
	anchored.DocumentID = v.m.Document.ID
	*q = anchored
}

func (v *validator) document() {
	d := &v.m.Document
	item := "document"
	v.id(item, d.ID, map[string]bool{})
	if strings.Contains(d.ID, "/") {
		// Claim, link and relation ids are "documentId/localId".
		v.add(item, "id", "%q contains \"/\", which separates a document id from the ids of its claims", d.ID)
	}
	v.str(item, "title", d.Title, true)
	v.str(item, "source", d.Source, false)
	v.str(item, "language", d.Language, false)
	if d.Published.IsZero() {
		v.add(item, "published", "is required (an ISO date such as 2025-11-25)")
	}
	switch {
	case d.Text == "":
		v.add(item, "text", "is empty")
	case !utf8.ValidString(d.Text):
		v.add(item, "text", "is not valid UTF-8")
	case utf8.RuneCountInString(d.Text) > MaxTextLength:
		v.add(item, "text", "is longer than %d characters", MaxTextLength)
	default:
		v.text = NewText(d.Text)
		sum := sha256.Sum256([]byte(d.Text))
		d.SHA256 = hex.EncodeToString(sum[:])
	}
}

func (v *validator) actors() {
	v.actorIDs = map[string]bool{}
	v.actorKeys = map[string]string{}
	for i := range v.m.Actors {
		a := &v.m.Actors[i]
		item := "actor " + a.ID
		v.id(item, a.ID, v.actorIDs)
		v.str(item, "name", a.Name, true)
		v.str(item, "description", a.Description, false)
		enum(v, item, "type", a.Type, ActorTypes)
		for j, al := range a.Aliases {
			v.str(item, fmt.Sprintf("aliases[%d]", j), al, true)
		}
		for _, k := range a.Keys() {
			if other, ok := v.actorKeys[k]; ok && other != a.ID {
				v.add(item, "aliases", "%q is also a name or alias of actor %s (names are compared after folding case, apostrophes, dashes and diacritics)", k, other)
				continue
			}
			v.actorKeys[k] = a.ID
		}
		if len(a.Mentions) == 0 {
			v.add(item, "mentions", "an actor needs at least one mention in the text")
		}
		for j := range a.Mentions {
			v.quote(item, fmt.Sprintf("mentions[%d]", j), &a.Mentions[j])
		}
	}
	for i := range v.m.Actors {
		a := &v.m.Actors[i]
		for j, p := range a.PartOf {
			field := fmt.Sprintf("partOf[%d]", j)
			if id, ok := v.actor("actor "+a.ID, field, p); ok {
				if id == a.ID {
					v.add("actor "+a.ID, field, "an actor cannot be part of itself")
				}
				a.PartOf[j] = id
			}
		}
	}
}

// actor resolves a reference by id or, failing that, by folded name or alias.
func (v *validator) actor(item, field, ref string) (string, bool) {
	if v.actorIDs[ref] {
		return ref, true
	}
	if id, ok := v.actorKeys[FoldName(ref)]; ok {
		return id, true
	}
	v.list = append(v.list, Problem{Item: item, Field: field, Expected: "the id, name or alias of an actor of this map", Found: ref, Message: "unknown actor"})
	return ref, false
}

func (v *validator) claims() {
	v.claimIDs = map[string]bool{}
	for i := range v.m.Claims {
		c := &v.m.Claims[i]
		item := "claim " + c.ID
		v.id(item, c.ID, v.claimIDs)
		c.DocumentID = v.m.Document.ID
		v.str(item, "text", c.Text, true)
		v.str(item, "hedgeCue", c.HedgeCue, false)
		enum(v, item, "role", c.Role, ClaimRoles)
		enum(v, item, "modality", c.Modality, Modalities)
		enum(v, item, "hedging", c.Hedging, Hedgings)
		if len(c.Quotes) == 0 {
			v.add(item, "quotes", "a claim needs at least one quote")
		}
		for j := range c.Quotes {
			v.quote(item, fmt.Sprintf("quotes[%d]", j), &c.Quotes[j])
		}
		for j := range c.Mentions {
			mn := &c.Mentions[j]
			field := fmt.Sprintf("actors[%d]", j)
			if id, ok := v.actor(item, field+".actor", mn.ActorID); ok {
				mn.ActorID = id
			}
			enum(v, item, field+".role", mn.Role, MentionRoles)
			v.quote(item, field+".quote", &mn.Quote)
		}
	}
}

func (v *validator) claim(item, field, id string) {
	if !v.claimIDs[id] {
		v.list = append(v.list, Problem{Item: item, Field: field, Expected: "the id of a claim of this map", Found: id, Message: "unknown claim"})
	}
}

func (v *validator) links() {
	v.linkByID = map[string]*Link{}
	seen := map[string]bool{}
	for i := range v.m.Links {
		l := &v.m.Links[i]
		v.id("link "+l.ID, l.ID, seen)
		v.linkByID[l.ID] = l
	}
	for i := range v.m.Links {
		l := &v.m.Links[i]
		item := "link " + l.ID
		l.DocumentID = v.m.Document.ID
		enum(v, item, "type", l.Type, LinkTypes)
		v.claim(item, "from", l.From)
		if l.Type == LinkSupports && l.Kind != "" {
			v.add(item, "kind", "only attacks have a kind")
		}
		switch {
		case l.Type == LinkAttacks && l.Kind == AttackUndercut:
			// An undercut names the supports link whose inference it attacks.
			target, ok := v.linkByID[l.To]
			if l.TargetLink != "" {
				target, ok = v.linkByID[l.TargetLink]
			}
			if !ok || target.Type != LinkSupports {
				v.list = append(v.list, Problem{Item: item, Field: "to", Expected: "the id of a supports link (an undercut attacks an inference)", Found: l.To, Message: "unknown supports link"})
				break
			}
			l.TargetLink, l.To = target.ID, target.To
		case l.Type == LinkAttacks:
			enum(v, item, "kind", l.Kind, AttackKinds)
			v.claim(item, "to", l.To)
		default:
			v.claim(item, "to", l.To)
		}
		if l.From == l.To && l.From != "" {
			v.add(item, "to", "a claim cannot support or attack itself")
		}
		if l.Quote != nil {
			v.quote(item, "quote", l.Quote)
		}
	}
}

func (v *validator) relations() {
	seen := map[string]bool{}
	for i := range v.m.Relations {
		r := &v.m.Relations[i]
		item := "relation " + r.ID
		r.DocumentID = v.m.Document.ID
		v.id(item, r.ID, seen)
		enum(v, item, "type", r.Type, RelationTypes)
		enum(v, item, "modality", r.Modality, RelationModalities)
		if id, ok := v.actor(item, "from", r.From); ok {
			r.From = id
		}
		if id, ok := v.actor(item, "to", r.To); ok {
			r.To = id
		}
		if r.From == r.To {
			v.add(item, "to", "a relation needs two different actors")
		}
		if len(r.Evidence) == 0 {
			v.add(item, "evidence", "a relation needs at least one evidence claim")
		}
		for j, c := range r.Evidence {
			v.claim(item, fmt.Sprintf("evidence[%d]", j), c)
		}
		if len(r.Quotes) == 0 {
			v.add(item, "quotes", "a relation needs at least one quote")
		}
		for j := range r.Quotes {
			v.quote(item, fmt.Sprintf("quotes[%d]", j), &r.Quotes[j])
		}
	}
}
