package argmap_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

const (
	seedMap  = "../../data/seed/syria-anti-isis-gamble.yaml"
	seedText = "../../data/seed/syria-anti-isis-gamble.txt"
	seedDoc  = "syria-anti-isis-gamble"
)

// MustSeed reads a fresh copy of the seed map, unvalidated.
func MustSeed(tb testing.TB) *argmap.Map {
	tb.Helper()
	m, err := mapfile.ReadFile(seedMap)
	if err != nil {
		tb.Fatalf("ReadFile(%s): %v", seedMap, err)
	}
	return m
}

// MustProblems returns the problems of a Validate error, which must be a
// BAD_USER_INPUT *ValidationError.
func MustProblems(tb testing.TB, err error) []argmap.Problem {
	tb.Helper()
	if err == nil {
		tb.Fatal("Validate() = nil, want a *ValidationError")
	}
	if code := argmap.ErrorCode(err); code != argmap.EINVALID {
		tb.Errorf("ErrorCode = %q, want %q", code, argmap.EINVALID)
	}
	var ve *argmap.ValidationError
	if !errors.As(err, &ve) {
		tb.Fatalf("error %T is not a *ValidationError: %v", err, err)
	}
	if len(ve.Problems) == 0 {
		tb.Fatal("ValidationError without problems")
	}
	return ve.Problems
}

// MustClaim, MustLink, MustRelation and MustActor find an item of the map by
// its local id.
func MustClaim(tb testing.TB, m *argmap.Map, local string) *argmap.Claim {
	tb.Helper()
	for i := range m.Claims {
		if m.Claims[i].ID == mapfile.Qualify(seedDoc, local) {
			return &m.Claims[i]
		}
	}
	tb.Fatalf("no claim %s", local)
	return nil
}

func MustLink(tb testing.TB, m *argmap.Map, local string) *argmap.Link {
	tb.Helper()
	for i := range m.Links {
		if m.Links[i].ID == mapfile.Qualify(seedDoc, local) {
			return &m.Links[i]
		}
	}
	tb.Fatalf("no link %s", local)
	return nil
}

func MustRelation(tb testing.TB, m *argmap.Map, local string) *argmap.Relation {
	tb.Helper()
	for i := range m.Relations {
		if m.Relations[i].ID == mapfile.Qualify(seedDoc, local) {
			return &m.Relations[i]
		}
	}
	tb.Fatalf("no relation %s", local)
	return nil
}

func MustActor(tb testing.TB, m *argmap.Map, id string) *argmap.MapActor {
	tb.Helper()
	for i := range m.Actors {
		if m.Actors[i].ID == id {
			return &m.Actors[i]
		}
	}
	tb.Fatalf("no actor %s", id)
	return nil
}

// forEachQuote calls f with every quote of m and where it is.
func forEachQuote(m *argmap.Map, f func(where string, q argmap.Quote)) {
	for _, a := range m.Actors {
		for _, q := range a.Mentions {
			f("actor "+a.ID+" mention", q)
		}
	}
	for _, c := range m.Claims {
		for _, q := range c.Quotes {
			f("claim "+c.ID+" quote", q)
		}
		for _, mn := range c.Mentions {
			f("claim "+c.ID+" actor "+mn.ActorID, mn.Quote)
		}
	}
	for _, l := range m.Links {
		if l.Quote != nil {
			f("link "+l.ID, *l.Quote)
		}
	}
	for _, r := range m.Relations {
		for _, q := range r.Quotes {
			f("relation "+r.ID+" quote", q)
		}
	}
}

func TestValidateSeed(t *testing.T) {
	m := MustSeed(t)
	if err := m.Validate(); err != nil {
		t.Fatalf("the seed map is invalid: %v", err)
	}
	raw, err := os.ReadFile(seedText)
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(string(raw))

	t.Run("every quote is anchored in code points", func(t *testing.T) {
		n := 0
		forEachQuote(m, func(where string, q argmap.Quote) {
			n++
			if q.Start < 0 || q.End > len(text) || q.Start >= q.End {
				t.Errorf("%s %q: offsets [%d,%d) out of range", where, q.Exact, q.Start, q.End)
				return
			}
			if got := string(text[q.Start:q.End]); got != q.Exact {
				t.Errorf("%s: text[%d:%d] = %q, want %q", where, q.Start, q.End, got, q.Exact)
			}
			if q.DocumentID != seedDoc {
				t.Errorf("%s %q: DocumentID = %q, want %q", where, q.Exact, q.DocumentID, seedDoc)
			}
			wantPrefix := string(text[max(0, q.Start-argmap.ContextLength):q.Start])
			if q.Prefix != wantPrefix {
				t.Errorf("%s %q: Prefix = %q, want %q", where, q.Exact, q.Prefix, wantPrefix)
			}
			wantSuffix := string(text[q.End:min(len(text), q.End+argmap.ContextLength)])
			if q.Suffix != wantSuffix {
				t.Errorf("%s %q: Suffix = %q, want %q", where, q.Exact, q.Suffix, wantSuffix)
			}
		})
		if n < 100 {
			t.Errorf("only %d quotes checked; the seed has more", n)
		}
	})

	t.Run("document is completed", func(t *testing.T) {
		sum := sha256.Sum256(raw)
		if want := hex.EncodeToString(sum[:]); m.Document.SHA256 != want {
			t.Errorf("SHA256 = %q, want %q", m.Document.SHA256, want)
		}
		for _, c := range m.Claims {
			if c.DocumentID != seedDoc {
				t.Errorf("claim %s: DocumentID = %q, want %q", c.ID, c.DocumentID, seedDoc)
			}
		}
	})

	t.Run("undercuts name their supports link and its conclusion", func(t *testing.T) {
		l := MustLink(t, m, "l-neither-vs-narrative")
		if want := mapfile.Qualify(seedDoc, "l-narrative-stability"); l.TargetLink != want {
			t.Errorf("TargetLink = %q, want %q", l.TargetLink, want)
		}
		if want := mapfile.Qualify(seedDoc, "steps-stability"); l.To != want {
			t.Errorf("To = %q, want the conclusion of the supports link %q", l.To, want)
		}
	})

	t.Run("validating again is a no-op", func(t *testing.T) {
		before := MustLink(t, m, "l-neither-vs-sdf").To
		if err := m.Validate(); err != nil {
			t.Fatalf("second Validate: %v", err)
		}
		if after := MustLink(t, m, "l-neither-vs-sdf").To; after != before {
			t.Errorf("second Validate changed the undercut's To from %q to %q", before, after)
		}
	})
}

// want is a problem a tampered map must report.
type want struct {
	item, field string
	contains    string // in Message, Found or Expected; "" for any
}

func (w want) matches(p argmap.Problem) bool {
	return p.Item == w.item && p.Field == w.field &&
		(w.contains == "" || strings.Contains(p.Message, w.contains) || strings.Contains(p.Found, w.contains) || strings.Contains(p.Expected, w.contains))
}

func claimItem(local string) string    { return "claim " + mapfile.Qualify(seedDoc, local) }
func linkItem(local string) string     { return "link " + mapfile.Qualify(seedDoc, local) }
func relationItem(local string) string { return "relation " + mapfile.Qualify(seedDoc, local) }

func TestValidateRejectsTamperedSeed(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(tb testing.TB, m *argmap.Map)
		want   []want
	}{
		{
			name: "claim quote offset moved by one",
			tamper: func(tb testing.TB, m *argmap.Map) {
				q := &MustClaim(tb, m, "thesis").Quotes[0]
				q.Start++
				q.End++
			},
			want: []want{{claimItem("thesis"), "quotes[0].exact", "exact occurs at [0,53)"}},
		},
		{
			name: "actor mention offset moved",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustActor(tb, m, "syria").Mentions[1].Start = 71
			},
			want: []want{{"actor syria", "mentions[1].exact", "differs"}},
		},
		{
			name: "quote end beyond the text",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustRelation(tb, m, "r-syria-member-coalition").Quotes[0].End = 1_000_000
			},
			want: []want{{relationItem("r-syria-member-coalition"), "quotes[0].start", "out of range"}},
		},
		{
			name: "unknown actor in a claim",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").Mentions[0].ActorID = "nobody"
			},
			want: []want{{claimItem("thesis"), "actors[0].actor", "nobody"}},
		},
		{
			name: "unknown actor in a relation",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustRelation(tb, m, "r-syria-member-coalition").To = "Atlantis"
			},
			want: []want{{relationItem("r-syria-member-coalition"), "to", "Atlantis"}},
		},
		{
			name: "bad claim modality",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").Modality = "maybe"
			},
			want: []want{{claimItem("thesis"), "modality", "maybe"}, {claimItem("thesis"), "modality", "one of assertion, risk"}},
		},
		{
			name: "bad claim role and hedging",
			tamper: func(tb testing.TB, m *argmap.Map) {
				c := MustClaim(tb, m, "thesis")
				c.Role = "Thesis"
				c.Hedging = ""
			},
			want: []want{{claimItem("thesis"), "role", "Thesis"}, {claimItem("thesis"), "hedging", "one of none"}},
		},
		{
			name: "bad actor type",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustActor(tb, m, "isis").Type = "terrorist"
			},
			want: []want{{"actor isis", "type", "terrorist"}},
		},
		{
			name: "bad mention role",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").Mentions[0].Role = "victim"
			},
			want: []want{{claimItem("thesis"), "actors[0].role", "victim"}},
		},
		{
			name: "bad relation type and modality",
			tamper: func(tb testing.TB, m *argmap.Map) {
				r := MustRelation(tb, m, "r-syria-member-coalition")
				r.Type = "member-of"
				r.Modality = "maybe"
			},
			want: []want{{relationItem("r-syria-member-coalition"), "type", "member-of"},
				{relationItem("r-syria-member-coalition"), "modality", "actual, potential"}},
		},
		{
			name: "bad attack kind",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustLink(tb, m, "l-unsettle-vs-reemerge").Kind = "refute"
			},
			want: []want{{linkItem("l-unsettle-vs-reemerge"), "kind", "refute"}},
		},
		{
			name: "duplicate claim id",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "opp-legitimacy").ID = mapfile.Qualify(seedDoc, "thesis")
			},
			want: []want{{claimItem("thesis"), "id", "used twice"}},
		},
		{
			name: "invalid claim id",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").ID = "-thesis"
			},
			want: []want{{"claim -thesis", "id", "not a valid id"}},
		},
		{
			name: "duplicate actor id",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustActor(tb, m, "isis").ID = "hts"
			},
			want: []want{{"actor hts", "id", "used twice"}},
		},
		{
			name: "link to an unknown claim",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustLink(tb, m, "l-legitimacy-reemerge").To = mapfile.Qualify(seedDoc, "no-such-claim")
			},
			want: []want{{linkItem("l-legitimacy-reemerge"), "to", "no-such-claim"}},
		},
		{
			name: "link from an unknown claim",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustLink(tb, m, "l-legitimacy-reemerge").From = "other-doc/opp-legitimacy"
			},
			want: []want{{linkItem("l-legitimacy-reemerge"), "from", "other-doc/opp-legitimacy"}},
		},
		{
			name: "link from a claim to itself",
			tamper: func(tb testing.TB, m *argmap.Map) {
				l := MustLink(tb, m, "l-legitimacy-reemerge")
				l.To = l.From
			},
			want: []want{{linkItem("l-legitimacy-reemerge"), "to", "itself"}},
		},
		{
			name: "supports link with a kind",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustLink(tb, m, "l-legitimacy-reemerge").Kind = argmap.AttackRebut
			},
			want: []want{{linkItem("l-legitimacy-reemerge"), "kind", "only attacks"}},
		},
		{
			name: "undercut of an attacks link",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustLink(tb, m, "l-neither-vs-narrative").To = mapfile.Qualify(seedDoc, "l-stability-vs-thesis")
			},
			want: []want{{linkItem("l-neither-vs-narrative"), "to", "supports link"}},
		},
		{
			name: "undercut of a claim",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustLink(tb, m, "l-neither-vs-narrative").To = mapfile.Qualify(seedDoc, "thesis")
			},
			want: []want{{linkItem("l-neither-vs-narrative"), "to", mapfile.Qualify(seedDoc, "thesis")}},
		},
		{
			name: "undercut of an unknown link",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustLink(tb, m, "l-neither-vs-narrative").To = mapfile.Qualify(seedDoc, "l-nothing")
			},
			want: []want{{linkItem("l-neither-vs-narrative"), "to", "l-nothing"}},
		},
		{
			name: "relation without evidence",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustRelation(tb, m, "r-syria-member-coalition").Evidence = nil
			},
			want: []want{{relationItem("r-syria-member-coalition"), "evidence", "at least one"}},
		},
		{
			name: "relation with unknown evidence",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustRelation(tb, m, "r-syria-member-coalition").Evidence = []string{mapfile.Qualify(seedDoc, "hearsay")}
			},
			want: []want{{relationItem("r-syria-member-coalition"), "evidence[0]", "hearsay"}},
		},
		{
			name: "relation without quotes",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustRelation(tb, m, "r-syria-member-coalition").Quotes = nil
			},
			want: []want{{relationItem("r-syria-member-coalition"), "quotes", "at least one"}},
		},
		{
			name: "relation of an actor to itself through an alias",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustRelation(tb, m, "r-syria-member-coalition").To = "the country"
			},
			want: []want{{relationItem("r-syria-member-coalition"), "to", "two different actors"}},
		},
		{
			name: "two actors share an alias after folding",
			tamper: func(tb testing.TB, m *argmap.Map) {
				a := MustActor(tb, m, "hts-hardliners")
				a.Aliases = append(a.Aliases, "HAY'AT TAHRIR AL\u2010SHAM")
			},
			want: []want{{"actor hts-hardliners", "aliases", "actor hts"}},
		},
		{
			name: "an actor's name is another's alias",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustActor(tb, m, "isis").Name = "the HTS"
			},
			want: []want{{"actor isis", "aliases", "actor hts"}},
		},
		{
			name: "actor without mentions",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustActor(tb, m, "isis").Mentions = nil
			},
			want: []want{{"actor isis", "mentions", "at least one"}},
		},
		{
			name: "actor part of an unknown actor",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustActor(tb, m, "hts-hardliners").PartOf = []string{"Hezbollah"}
			},
			want: []want{{"actor hts-hardliners", "partOf[0]", "Hezbollah"}},
		},
		{
			name: "actor part of itself through its alias",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustActor(tb, m, "hts").PartOf = []string{"Hayat Tahrir al-Sham"}
			},
			want: []want{{"actor hts", "partOf[0]", "part of itself"}},
		},
		{
			name: "invalid UTF-8 in a claim text",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").Text = "Syria\xff gamble"
			},
			want: []want{{claimItem("thesis"), "text", "UTF-8"}},
		},
		{
			name: "invalid UTF-8 in a quote",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").Quotes[0].Exact = "Syria\xc3"
			},
			want: []want{{claimItem("thesis"), "quotes[0]", "UTF-8"}},
		},
		{
			name: "claim text missing",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").Text = ""
			},
			want: []want{{claimItem("thesis"), "text", "required"}},
		},
		{
			name: "claim text too long",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").Text = strings.Repeat("é", argmap.MaxFieldChars+1)
			},
			want: []want{{claimItem("thesis"), "text", "longer than"}},
		},
		{
			name: "claim without quotes",
			tamper: func(tb testing.TB, m *argmap.Map) {
				MustClaim(tb, m, "thesis").Quotes = nil
			},
			want: []want{{claimItem("thesis"), "quotes", "at least one"}},
		},
		{
			name: "document without date",
			tamper: func(tb testing.TB, m *argmap.Map) {
				m.Document.Published = time.Time{}
			},
			want: []want{{"document", "published", "required"}},
		},
		{
			name: "document text with invalid UTF-8",
			tamper: func(tb testing.TB, m *argmap.Map) {
				m.Document.Text += "\xff"
			},
			want: []want{{"document", "text", "UTF-8"}},
		},
		{
			name: "document text edited under the quotes",
			tamper: func(tb testing.TB, m *argmap.Map) {
				m.Document.Text = "’" + m.Document.Text
			},
			want: []want{{claimItem("thesis"), "quotes[0].exact", "exact occurs at [1,54)"},
				{"actor syria", "mentions[0].exact", "[1,6)"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MustSeed(t)
			tt.tamper(t, m)
			probs := MustProblems(t, m.Validate())
			for _, w := range tt.want {
				found := false
				for _, p := range probs {
					if w.matches(p) {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("no problem on %s, field %s, mentioning %q; got:\n%s", w.item, w.field, w.contains, listProblems(probs))
				}
			}
		})
	}
}

// TestValidateReportsEveryProblem checks that problems in different parts
// of the map are all reported, not just the first.
func TestValidateReportsEveryProblem(t *testing.T) {
	m := MustSeed(t)
	q := &MustClaim(t, m, "thesis").Quotes[0]
	q.Start, q.End = q.Start+2, q.End+2
	MustClaim(t, m, "opp-legitimacy").Modality = "maybe"
	MustClaim(t, m, "thesis").Mentions[0].ActorID = "nobody"
	MustLink(t, m, "l-legitimacy-reemerge").To = mapfile.Qualify(seedDoc, "no-such-claim")
	MustRelation(t, m, "r-syria-member-coalition").Evidence = nil
	MustActor(t, m, "isis").Type = "terrorist"

	err := m.Validate()
	probs := MustProblems(t, err)
	wants := []want{
		{claimItem("thesis"), "quotes[0].exact", ""},
		{claimItem("opp-legitimacy"), "modality", "maybe"},
		{claimItem("thesis"), "actors[0].actor", "nobody"},
		{linkItem("l-legitimacy-reemerge"), "to", "no-such-claim"},
		{relationItem("r-syria-member-coalition"), "evidence", ""},
		{"actor isis", "type", "terrorist"},
	}
	for _, w := range wants {
		n := 0
		for _, p := range probs {
			if w.matches(p) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d problems on %s, field %s, want 1; got:\n%s", n, w.item, w.field, listProblems(probs))
		}
	}
	if len(probs) != len(wants) {
		t.Errorf("%d problems, want exactly %d:\n%s", len(probs), len(wants), listProblems(probs))
	}
	msg := err.Error()
	if !strings.Contains(msg, "6 problem(s)") || strings.Count(msg, "\n  - ") != len(probs) {
		t.Errorf("Error() does not list every problem:\n%s", msg)
	}
}

// TestValidateSupportsLinkWithKindStillChecksTarget: a supports link that
// wrongly has a kind must still have its `to` checked; otherwise a second
// mistake on the same link goes unreported until the first is fixed.
func TestValidateSupportsLinkWithKindStillChecksTarget(t *testing.T) {
	m := MustSeed(t)
	l := MustLink(t, m, "l-legitimacy-reemerge")
	l.Kind = argmap.AttackRebut
	l.To = mapfile.Qualify(seedDoc, "no-such-claim")
	probs := MustProblems(t, m.Validate())
	for _, w := range []want{
		{linkItem("l-legitimacy-reemerge"), "kind", "only attacks"},
		{linkItem("l-legitimacy-reemerge"), "to", "no-such-claim"},
	} {
		found := false
		for _, p := range probs {
			found = found || w.matches(p)
		}
		if !found {
			t.Errorf("no problem on %s, field %s, mentioning %q; got:\n%s", w.item, w.field, w.contains, listProblems(probs))
		}
	}
}

func TestValidateResolvesActorReferences(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(tb testing.TB, m *argmap.Map) *string // returns the resolved reference
		want   string
	}{
		{"claim actor by alias", func(tb testing.TB, m *argmap.Map) *string {
			mn := &MustClaim(tb, m, "thesis").Mentions[0]
			mn.ActorID = "the country"
			return &mn.ActorID
		}, "syria"},
		{"claim actor by folded alias", func(tb testing.TB, m *argmap.Map) *string {
			mn := &MustClaim(tb, m, "thesis").Mentions[0]
			mn.ActorID = "HAY'AT TAHRIR AL\u2013SHAM"
			return &mn.ActorID
		}, "hts"},
		{"claim actor by name", func(tb testing.TB, m *argmap.Map) *string {
			mn := &MustClaim(tb, m, "thesis").Mentions[0]
			mn.ActorID = "Syria"
			return &mn.ActorID
		}, "syria"},
		{"relation from by alias", func(tb testing.TB, m *argmap.Map) *string {
			r := MustRelation(tb, m, "r-syria-member-coalition")
			r.From = "The HTS"
			return &r.From
		}, "hts"},
		{"partOf by alias", func(tb testing.TB, m *argmap.Map) *string {
			a := MustActor(tb, m, "hts-hardliners")
			a.PartOf = []string{"Hay’at Tahrir al-Sham"}
			return &a.PartOf[0]
		}, "hts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MustSeed(t)
			ref := tt.tamper(t, m)
			if err := m.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if *ref != tt.want {
				t.Errorf("reference resolved to %q, want the actor id %q", *ref, tt.want)
			}
		})
	}
}

func listProblems(probs []argmap.Problem) string {
	var b strings.Builder
	for _, p := range probs {
		b.WriteString("  ")
		b.WriteString(p.String())
		b.WriteString("\n")
	}
	return b.String()
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"hts", true},
		{"syria-anti-isis-gamble/thesis", true},
		{"a.b_c:d/e-f", true},
		{"9", true},
		{"", false},
		{"-x", false},
		{"/x", false},
		{"a b", false},
		{"Şam", false},
		{strings.Repeat("a", argmap.MaxIDLength), true},
		{strings.Repeat("a", argmap.MaxIDLength+1), false},
	}
	for _, tt := range tests {
		name := tt.id
		if utf8.RuneCountInString(name) > 20 {
			name = name[:20] + "…"
		}
		t.Run(name, func(t *testing.T) {
			if got := argmap.ValidID(tt.id); got != tt.want {
				t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}

func TestValidateDocumentIDWithSlash(t *testing.T) {
	m := &argmap.Map{Document: argmap.Document{ID: "a/b", Title: "T", Text: "Some text.", Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}
	err := m.Validate()
	var ve *argmap.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	found := false
	for _, p := range ve.Problems {
		found = found || (p.Item == "document" && p.Field == "id" && strings.Contains(p.Message, `"/"`))
	}
	if !found {
		t.Errorf("no problem about the slash in the document id:\n%v", ve)
	}
}
