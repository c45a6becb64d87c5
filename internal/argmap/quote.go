package argmap

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ContextLength is how many code points of prefix and suffix the loader
// stores with a quote when the map gives none: enough to re-anchor the quote
// if the text is edited, short enough to read.
const ContextLength = 32

// Quote is the provenance of a claim, a mention or a relation: a span of a
// document's text, described by both W3C Web Annotation selectors — a
// TextQuoteSelector (Exact, Prefix, Suffix) and a TextPositionSelector
// (Start, End, counted in Unicode code points, End exclusive).
type Quote struct {
	DocumentID string
	Exact      string
	Prefix     string
	Suffix     string
	Start      int
	End        int
}

// Text is a document text indexed by code point, so that selectors can be
// checked and located without re-decoding the string each time.
type Text struct {
	runes []rune
	s     string
}

// NewText prepares s for quote verification.
func NewText(s string) *Text { return &Text{runes: []rune(s), s: s} }

// endsAt reports whether the text before code point pos ends with s,
// comparing in place: validation must not copy the text for every quote.
func (t *Text) endsAt(pos int, s string) bool {
	r := []rune(s)
	if len(r) > pos {
		return false
	}
	for i, c := range r {
		if t.runes[pos-len(r)+i] != c {
			return false
		}
	}
	return true
}

// startsAt reports whether the text from code point pos starts with s.
func (t *Text) startsAt(pos int, s string) bool {
	r := []rune(s)
	if pos+len(r) > len(t.runes) {
		return false
	}
	for i, c := range r {
		if t.runes[pos+i] != c {
			return false
		}
	}
	return true
}

// Len is the length of the text in code points.
func (t *Text) Len() int { return len(t.runes) }

// Slice returns the code points [start, end).
func (t *Text) Slice(start, end int) string {
	start = max(0, min(start, len(t.runes)))
	end = max(start, min(end, len(t.runes)))
	return string(t.runes[start:end])
}

// Find returns the start offset (in code points) of every occurrence of exact.
func (t *Text) Find(exact string) []int {
	n := utf8.RuneCountInString(exact)
	if n == 0 {
		return nil
	}
	var starts []int
	s := t.s
	byteOff, runeOff := 0, 0
	for {
		i := strings.Index(s[byteOff:], exact)
		if i < 0 {
			return starts
		}
		runeOff += utf8.RuneCountInString(s[byteOff : byteOff+i])
		starts = append(starts, runeOff)
		// Step one code point past the match start, so overlapping
		// occurrences are found too.
		_, size := utf8.DecodeRuneInString(s[byteOff+i:])
		byteOff += i + size
		runeOff++
	}
}

// Unanchored is the Start and End of a quote given without offsets: Anchor
// locates it in the text.
const Unanchored = -1

// Anchor checks q against the text, or locates it when Start and End are
// Unanchored, and returns the quote completed with offsets, prefix and
// suffix. The problems returned name the field at fault (relative to the
// quote) and what was expected.
func (t *Text) Anchor(q Quote) (Quote, []Problem) {
	if q.Exact == "" {
		return q, []Problem{{Field: "exact", Message: "is empty: a quote must give the exact words"}}
	}
	if q.Start != Unanchored || q.End != Unanchored {
		if q.Start < 0 || q.End > t.Len() || q.Start >= q.End {
			return q, []Problem{{Field: "start", Expected: fmt.Sprintf("0 <= start < end <= %d", t.Len()), Found: fmt.Sprintf("start=%d end=%d", q.Start, q.End), Message: "offsets out of range"}}
		}
		if got := t.Slice(q.Start, q.End); got != q.Exact {
			p := Problem{Field: "exact", Expected: q.Exact, Found: got, Message: fmt.Sprintf("the text at [%d,%d) differs from exact", q.Start, q.End)}
			if starts := t.Find(q.Exact); len(starts) > 0 {
				p.Message += fmt.Sprintf("; exact occurs at %s", offsetsList(starts, q.Exact))
			}
			return q, []Problem{p}
		}
	} else {
		starts := t.Find(q.Exact)
		// The prefix and suffix, when given, disambiguate.
		var fit []int
		for _, s := range starts {
			e := s + utf8.RuneCountInString(q.Exact)
			if t.endsAt(s, q.Prefix) && t.startsAt(e, q.Suffix) {
				fit = append(fit, s)
			}
		}
		switch len(fit) {
		case 0:
			return q, []Problem{{Field: "exact", Expected: "a span of the document text", Found: q.Exact, Message: "the quote does not occur in the text"}}
		case 1:
			q.Start = fit[0]
			q.End = fit[0] + utf8.RuneCountInString(q.Exact)
		default:
			return q, []Problem{{Field: "exact", Expected: "exactly one occurrence", Found: q.Exact,
				Message: fmt.Sprintf("the quote is ambiguous: it occurs %d times, at %s; give start/end or a prefix/suffix", len(fit), offsetsList(fit, q.Exact))}}
		}
	}
	var probs []Problem
	before := t.Slice(max(0, q.Start-ContextLength), q.Start)
	after := t.Slice(q.End, min(t.Len(), q.End+ContextLength))
	if q.Prefix != "" && !t.endsAt(q.Start, q.Prefix) {
		probs = append(probs, Problem{Field: "prefix", Expected: q.Prefix, Found: before, Message: "the text before the quote differs from prefix"})
	}
	if q.Suffix != "" && !t.startsAt(q.End, q.Suffix) {
		probs = append(probs, Problem{Field: "suffix", Expected: q.Suffix, Found: after, Message: "the text after the quote differs from suffix"})
	}
	if q.Prefix == "" {
		q.Prefix = before
	}
	if q.Suffix == "" {
		q.Suffix = after
	}
	return q, probs
}

func offsetsList(starts []int, exact string) string {
	n := utf8.RuneCountInString(exact)
	var parts []string
	for i, s := range starts {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("… (%d more)", len(starts)-10))
			break
		}
		parts = append(parts, fmt.Sprintf("[%d,%d)", s, s+n))
	}
	return strings.Join(parts, ", ")
}
