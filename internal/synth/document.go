package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

// Popularity: the actors a document names are drawn from a Zipf
// distribution over the pool (actor-0001 the most popular), so that a few
// actors appear in most documents and most actors in few. With 12 actors a
// document, s = 1.5 puts each of the five most popular in more than half
// of the documents (the most popular in nearly all), and the median actor
// of a pool of 500 or 5,000 in a handful.
const (
	zipfS = 1.5
	zipfV = 1.0
)

// The publication dates of a corpus span 2020-01-01 to 2025-12-31.
var (
	firstDate = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	dateSpan  = int(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Sub(firstDate).Hours() / 24)
)

// relationPlan is an actor relation stated by one claim's sentence.
type relationPlan struct {
	typ      argmap.RelationType
	from, to int // pool indices
	modality argmap.RelationModality
	evidence []int // claims
	quote    span
}

// span is a written piece of the text, in bytes (to slice it) and in code
// points (the offsets of the format).
type span struct{ b0, b1, r0, r1 int }

// through is the span from the start of s to the end of e.
func (s span) through(e span) span { return span{s.b0, e.b1, s.r0, e.r1} }

// textBuilder writes the document text and remembers where each piece went.
type textBuilder struct {
	b     []byte
	runes int
}

func (t *textBuilder) write(s string) span {
	sp := span{b0: len(t.b), r0: t.runes}
	t.b = append(t.b, s...)
	t.runes += utf8.RuneCountInString(s)
	sp.b1, sp.r1 = len(t.b), t.runes
	return sp
}

func (t *textBuilder) quote(s span) mapfile.FileQuote {
	return mapfile.FileQuote{Exact: string(t.b[s.b0:s.b1]), Start: &s.r0, End: &s.r1}
}

// docGen holds the state of one document while it is generated.
type docGen struct {
	u      *universe
	r      *rand.Rand
	t      textBuilder
	places []string
	named  map[int]*mapfile.FileActor // pool index -> the actor as this map defines it
	order  []int                      // pool indices in the order the text first names them
}

// document generates document i. Everything it draws comes from its own
// stream, so documents can be generated in any order.
func (u *universe) document(i int) (Document, error) {
	r := rand.New(rand.NewPCG(u.cfg.Seed^docSalt, uint64(i)))
	g := &docGen{u: u, r: r, named: map[int]*mapfile.FileActor{}}
	id := fmt.Sprintf("doc-%06d", i+1)

	n := between(r, max(MinClaims, u.cfg.ClaimsPerDocument*6/10), max(MinClaims, u.cfg.ClaimsPerDocument*14/10))
	claims, links := planArgument(r, n)

	// How many actors each claim names decides how many the document can
	// name: every actor it names appears in at least one claim.
	counts := make([]int, n)
	slots := 0
	for j := range counts {
		counts[j] = pickWeighted(r, []int{45, 45, 10}) + 1
		slots += counts[j]
	}
	a := u.cfg.ActorsPerDocument
	k := min(between(r, max(1, a*2/3), max(1, a*4/3)), slots, u.cfg.Actors)
	chosen := u.pickActors(r, i, k)
	for j := range counts {
		counts[j] = min(counts[j], len(chosen))
	}
	assignActors(r, claims, counts, chosen)

	for p := 1 + r.IntN(3); p > 0; p-- {
		g.places = append(g.places, pseudoWord(r))
	}
	published := firstDate.AddDate(0, 0, r.IntN(dateSpan))
	title := g.fill(titles[r.IntN(len(titles))])
	g.t.write(title + "\n" + published.Format("2 January 2006") + "\n\n")

	fm := mapfile.File{Version: 1, Document: mapfile.FileDocument{ID: id, Title: title, Published: published.Format(time.DateOnly),
		Source: fmt.Sprintf("Synthetic corpus of argmap gen (seed %d)", u.cfg.Seed), Language: "en"}}
	var rels []relationPlan
	connSpans := make([]*span, len(links))
	paraLeft := between(r, 3, 5)
	for j := range claims {
		if j > 0 {
			if paraLeft == 0 {
				g.t.write("\n\n")
				paraLeft = between(r, 3, 5)
			} else {
				g.t.write(" ")
			}
		}
		paraLeft--
		fc, rs, conn := g.sentence(j, claims, links)
		if conn != nil {
			connSpans[claims[j].link] = conn
		}
		fm.Claims = append(fm.Claims, fc)
		rels = append(rels, rs...)
	}
	g.t.write("\n")
	fm.Document.Text = string(g.t.b)

	st := Stats{Claims: n, Relationships: map[argmap.RelType]int{}}
	st.Relationships[argmap.RelTypeFrom] = n
	for _, p := range g.order {
		fa := g.named[p]
		if parent := u.actors[p].parent; parent >= 0 && g.named[parent] != nil {
			fa.PartOf = []string{u.actors[parent].id}
			st.Relationships[argmap.RelTypePartOf]++
		}
		fm.Actors = append(fm.Actors, *fa)
		st.Actors = append(st.Actors, fa.ID)
	}
	st.Relationships[argmap.RelTypeNames] = len(fm.Actors)
	for _, c := range fm.Claims {
		st.Relationships[argmap.RelTypeMentions] += len(c.Actors)
	}
	for li, l := range links {
		fl := mapfile.FileLink{ID: linkID(li), Type: string(l.typ), From: claimID(l.from), To: claimID(l.to), Kind: string(l.kind)}
		if l.kind == argmap.AttackUndercut {
			fl.To = linkID(l.target)
		}
		if s := connSpans[li]; s != nil {
			q := g.t.quote(*s)
			fl.Quote = &q
		}
		fm.Links = append(fm.Links, fl)
		if l.typ == argmap.LinkSupports {
			st.Relationships[argmap.RelTypeSupports]++
		} else {
			st.Relationships[argmap.RelTypeAttacks]++
		}
	}
	for ri, rp := range rels {
		fr := mapfile.FileRelation{ID: fmt.Sprintf("r%d", ri+1), Type: string(rp.typ), From: u.actors[rp.from].id, To: u.actors[rp.to].id,
			Modality: string(rp.modality), Quotes: []mapfile.FileQuote{g.t.quote(rp.quote)}}
		for _, e := range rp.evidence {
			fr.Evidence = append(fr.Evidence, claimID(e))
		}
		fm.Relations = append(fm.Relations, fr)
		st.Relationships[rp.typ.RelType()]++
	}

	var buf bytes.Buffer
	buf.Grow(len(fm.Document.Text) * 6)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&fm); err != nil {
		return Document{}, fmt.Errorf("encoding document %s: %w", id, err)
	}
	return Document{Index: i, ID: id, Path: docPath(i, id), JSON: buf.Bytes(), Stats: st}, nil
}

// pickActors chooses the k actors document i names: actor i mod pool, so
// that every actor of the pool is named once there are as many documents,
// and the rest by popularity, often with the actor they are part of.
func (u *universe) pickActors(r *rand.Rand, i, k int) []int {
	chosen := make([]int, 0, k)
	add := func(a int) {
		if len(chosen) < k && !slices.Contains(chosen, a) {
			chosen = append(chosen, a)
		}
	}
	add(i % len(u.actors))
	z := rand.NewZipf(r, zipfS, zipfV, uint64(len(u.actors)-1))
	for t := 0; len(chosen) < k && t < 30*k; t++ {
		a := int(z.Uint64())
		add(a)
		if p := u.actors[a].parent; p >= 0 && r.IntN(2) == 0 {
			add(p)
		}
	}
	for a := 0; len(chosen) < k; a++ {
		add(a) // a small pool the Zipf draws kept missing
	}
	slices.Sort(chosen)
	return chosen
}

// assignActors decides which actors each claim names: every chosen actor
// at least once, the remaining places by popularity (chosen is sorted, the
// most popular first). counts[j] is at most len(chosen).
func assignActors(r *rand.Rand, claims []claimPlan, counts, chosen []int) {
	var slots []int
	for j, c := range counts {
		for range c {
			slots = append(slots, j)
		}
	}
	r.Shuffle(len(slots), func(a, b int) { slots[a], slots[b] = slots[b], slots[a] })
	weights := make([]int, len(chosen))
	for x := range weights {
		weights[x] = 1000 / (x + 1)
	}
	order := r.Perm(len(chosen))
	for s, j := range slots {
		c := &claims[j]
		if s < len(order) {
			c.actors = append(c.actors, chosen[order[s]])
			continue
		}
		a := chosen[pickWeighted(r, weights)]
		for tries := 0; slices.Contains(c.actors, a); tries++ {
			if tries < 10 {
				a = chosen[pickWeighted(r, weights)]
			} else {
				a = chosen[(slices.Index(chosen, a)+1)%len(chosen)]
			}
		}
		c.actors = append(c.actors, a)
	}
}

// sentence writes claim j (and, for some claims, a second sentence that
// is its second quote) and returns the claim, the relations its sentence
// states and where its link's connective went.
func (g *docGen) sentence(j int, claims []claimPlan, links []linkPlan) (mapfile.FileClaim, []relationPlan, *span) {
	c := &claims[j]
	r := g.r
	var conn *span
	if c.link >= 0 && links[c.link].conn != nil {
		cn := links[c.link].conn
		s := g.t.write(cn.word)
		conn = &s
		g.t.write(cn.sep)
	}
	var v verb
	var rv relationVerb
	if len(c.actors) == 1 {
		v = intransitives[r.IntN(len(intransitives))]
	} else {
		rv = relationVerbs[r.IntN(len(relationVerbs))]
		v = rv.verb
	}
	pred, cue := predicate(r, v, c.stance)
	fc := mapfile.FileClaim{ID: claimID(j), Role: string(c.role), Modality: string(c.stance.modality), Hedging: string(c.stance.hedging), HedgeCue: cue}
	start := g.t.write("")
	if c.stance.hedging == argmap.HedgingConditional {
		if conn != nil {
			g.t.write("if ")
		} else {
			g.t.write("If ")
		}
		g.t.write(g.fill(conditions[r.IntN(len(conditions))]) + ", ")
	}
	modality := argmap.RelationPotential
	if c.stance.modality == argmap.ModalityAssertion {
		modality = argmap.RelationActual
	}
	var rels []relationPlan
	mention := func(a int, role argmap.MentionRole, s span) {
		fc.Actors = append(fc.Actors, mapfile.FileMention{Actor: g.u.actors[a].id, Role: string(role), Quote: g.t.quote(s)})
	}
	evidence := []int{j}
	if c.link >= 0 && r.IntN(5) == 0 {
		evidence = append(evidence, links[c.link].to)
	}

	a := c.actors[0]
	sa := g.surface(a)
	if len(c.actors) == 1 {
		mention(a, argmap.MentionSubject, sa)
		g.t.write(" " + pred)
	} else {
		mention(a, argmap.MentionAgent, sa)
		g.t.write(" " + pred + " ")
		b := c.actors[1]
		sb := g.surface(b)
		mention(b, rv.obj, sb)
		if r.IntN(10) < 9 {
			rels = append(rels, relationPlan{typ: rv.rel, from: a, to: b, modality: modality, evidence: evidence, quote: sa.through(sb)})
		}
		if len(c.actors) == 3 {
			tp := thirdParties[r.IntN(len(thirdParties))]
			g.t.write(" ")
			ps := g.t.write(tp.phrase + " ")
			x := c.actors[2]
			sx := g.surface(x)
			mention(x, tp.role, sx)
			if r.IntN(10) < 9 {
				from, to := a, x
				if tp.toward {
					from, to = x, a
				}
				rels = append(rels, relationPlan{typ: tp.rel, from: from, to: to, modality: modality, evidence: evidence, quote: ps.through(sx)})
			}
		}
	}
	g.t.write(g.fill(tails[r.IntN(len(tails))]))
	end := g.t.write(".")
	q := g.t.quote(start.through(end))
	fc.Quotes = append(fc.Quotes, q)
	fc.Text = strings.ToUpper(q.Exact[:1]) + q.Exact[1:]
	if r.IntN(5) == 0 {
		g.t.write(" ")
		fc.Quotes = append(fc.Quotes, g.t.quote(g.t.write(g.fill(elaborations[r.IntN(len(elaborations))]))))
	}
	return fc, rels, conn
}

// surface writes the words by which the text names actor a — its name the
// first time, then often an alias — and records them as a mention.
func (g *docGen) surface(a int) span {
	spec := &g.u.actors[a]
	fa := g.named[a]
	words := spec.name
	if fa == nil {
		fa = &mapfile.FileActor{ID: spec.id, Name: spec.name, Type: string(spec.typ), Aliases: spec.aliases, Description: spec.description}
		g.named[a] = fa
		g.order = append(g.order, a)
	} else if len(spec.aliases) > 0 && g.r.IntN(100) < 35 {
		words = spec.aliases[g.r.IntN(len(spec.aliases))]
	}
	s := g.t.write(words)
	fa.Mentions = append(fa.Mentions, g.t.quote(s))
	return s
}

// fill replaces {p} with one of the document's places.
func (g *docGen) fill(tmpl string) string {
	if !strings.Contains(tmpl, "{p}") {
		return tmpl
	}
	return strings.ReplaceAll(tmpl, "{p}", g.places[g.r.IntN(len(g.places))])
}

// predicate words v as the stance requires and returns the hedge cue.
func predicate(r *rand.Rand, v verb, s stance) (string, string) {
	switch {
	case s.modality == argmap.ModalityRecommendation:
		return "should " + v.base, "should"
	case s.hedging == argmap.HedgingReported:
		if r.IntN(2) == 0 {
			return "is said to " + v.base, "is said to"
		}
		return "reportedly " + v.third, "reportedly"
	case s.hedging == argmap.HedgingLikely:
		return "is likely to " + v.base, "is likely to"
	case s.hedging == argmap.HedgingPossible && s.modality == argmap.ModalityOpportunity:
		return "has a chance to " + v.base, "has a chance to"
	case s.hedging == argmap.HedgingPossible:
		if r.IntN(2) == 0 {
			return "may " + v.base, "may"
		}
		return "could " + v.base, "could"
	case s.hedging == argmap.HedgingConditional:
		return "could " + v.base, "could"
	}
	return v.third, ""
}

func claimID(j int) string {
	if j == 0 {
		return "thesis"
	}
	return fmt.Sprintf("c%d", j)
}

func linkID(l int) string { return fmt.Sprintf("l%d", l+1) }

// between returns a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// pickWeighted returns an index into weights, chosen in proportion.
func pickWeighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
