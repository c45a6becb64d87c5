package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// Salts separate the random streams of one seed: the actor pool, and each
// document (whose stream is further keyed by its index).
const (
	actorSalt = 0x61637430_72733031 // "act0rs01"
	docSalt   = 0x646f6373_30303031 // "docs0001"
)

// actorSpec is one actor of the pool, described identically by every
// document that names it.
type actorSpec struct {
	id          string
	name        string
	typ         argmap.ActorType
	aliases     []string
	description string
	word        string // the pseudo-word the name is built on
	parent      int    // index of the actor it is part of, or -1
}

// actorKind says how actors of one type are named. In templates, {w} is the
// actor's pseudo-word, {first} a given name and {acr} the initials of the
// name.
type actorKind struct {
	typ      argmap.ActorType
	weight   int
	names    []string
	aliases  []string
	parents  []argmap.ActorType // the types it can be part of
	parentP  float64            // how often it is part of one
	inherit  bool               // named after its parent ("Varenth Army" of "Varenth")
	describe string
}

var actorKinds = []actorKind{
	{typ: argmap.ActorState, weight: 12, names: []string{"{w}"}, aliases: []string{"Republic of {w}", "{w} Republic"}, describe: "A state"},
	{typ: argmap.ActorGovernment, weight: 8, names: []string{"{w} Government", "{w} Transitional Government", "Government of {w}"},
		aliases: []string{"{w} cabinet", "{acr}"}, parents: []argmap.ActorType{argmap.ActorState}, parentP: 0.9, inherit: true, describe: "A government"},
	{typ: argmap.ActorArmedGroup, weight: 14, names: []string{"{w} Front", "{w} Brigades", "{w} Liberation Army", "{w} Martyrs Battalion"},
		aliases: []string{"{acr}", "{w} fighters"}, parents: []argmap.ActorType{argmap.ActorMovement, argmap.ActorCoalition}, parentP: 0.15, describe: "An armed group"},
	{typ: argmap.ActorPoliticalParty, weight: 10, names: []string{"{w} Party", "{w} Union", "{w} Democratic Party", "{w} National Bloc"},
		aliases: []string{"{acr}", "{w} party"}, describe: "A political party"},
	{typ: argmap.ActorLegislature, weight: 3, names: []string{"{w} Assembly", "{w} National Council", "{w} Parliament"},
		aliases: []string{"{w} parliament", "{acr}"}, parents: []argmap.ActorType{argmap.ActorState}, parentP: 0.9, inherit: true, describe: "A legislature"},
	{typ: argmap.ActorPerson, weight: 14, names: []string{"{first} {w}"}, aliases: []string{"{w}", "General {w}", "Minister {w}", "Sheikh {w}"},
		parents: []argmap.ActorType{argmap.ActorPoliticalParty, argmap.ActorArmedGroup, argmap.ActorGovernment}, parentP: 0.4, describe: "A person"},
	{typ: argmap.ActorCoalition, weight: 5, names: []string{"{w} Alliance", "{w} Coalition", "{w} Pact"}, aliases: []string{"{acr}", "{w} bloc"}, describe: "A coalition"},
	{typ: argmap.ActorFaction, weight: 8, names: []string{"{w} Hardliners", "{w} Reformist Wing", "{w} Old Guard"}, aliases: []string{"{acr}", "{w} hawks"},
		parents: []argmap.ActorType{argmap.ActorPoliticalParty, argmap.ActorArmedGroup, argmap.ActorMovement}, parentP: 0.9, inherit: true, describe: "A faction"},
	{typ: argmap.ActorSocialGroup, weight: 6, names: []string{"{w} Youth", "{w} Tribes", "{w} Diaspora", "{w} Merchants"}, aliases: []string{"{w} community"}, describe: "A social group"},
	{typ: argmap.ActorInternationalBody, weight: 4, names: []string{"{w} Commission", "{w} Council", "{w} Monitoring Mission"}, aliases: []string{"{acr}"}, describe: "An international body"},
	{typ: argmap.ActorMilitary, weight: 6, names: []string{"{w} Army", "{w} Armed Forces", "{w} National Guard"}, aliases: []string{"{acr}", "{w} forces"},
		parents: []argmap.ActorType{argmap.ActorState}, parentP: 0.9, inherit: true, describe: "An army"},
	{typ: argmap.ActorMovement, weight: 5, names: []string{"{w} Movement", "{w} Awakening", "{w} Current"}, aliases: []string{"{acr}", "{w} activists"}, describe: "A movement"},
	{typ: argmap.ActorFamily, weight: 2, names: []string{"House of {w}", "{w} Family"}, aliases: []string{"{w} clan", "{w} dynasty"}, describe: "A family"},
	{typ: argmap.ActorReligiousGroup, weight: 3, names: []string{"{w} Brotherhood", "{w} Order", "{w} Fellowship"}, aliases: []string{"{acr}", "{w} clerics"}, describe: "A religious group"},
}

// Syllables of the pseudo-words that names and places are made of.
var (
	onsets = []string{"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kh", "sh", "th", "tr", "gr", "st"}
	vowels = []string{"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ou", "ia"}
	codas  = []string{"", "", "", "n", "r", "s", "l", "th", "nd", "rk", "sh", "m"}
)

// pseudoWord returns a capitalised pronounceable word of two or three
// syllables, such as "Varenth" or "Kessori".
func pseudoWord(r *rand.Rand) string {
	var b strings.Builder
	n := 2 + r.IntN(2)
	for i := range n {
		if i > 0 || r.IntN(5) > 0 {
			b.WriteString(onsets[r.IntN(len(onsets))])
		}
		b.WriteString(vowels[r.IntN(len(vowels))])
		if i == n-1 || r.IntN(3) == 0 {
			b.WriteString(codas[r.IntN(len(codas))])
		}
	}
	w := b.String()
	return strings.ToUpper(w[:1]) + w[1:]
}

// acronym returns the initials of a name of two or more capitalised words
// ("VLF" for "Varenth Liberation Front"), or "".
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			b.WriteByte(w[0])
		}
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

// universe is the actor pool of a corpus and everything a document needs
// to be generated from its index alone.
type universe struct {
	cfg    Config
	actors []actorSpec
}

// newUniverse draws the actor pool. Names and aliases are distinct after
// folding across the whole pool, as the loader requires of actors that
// different documents define.
func newUniverse(cfg Config) (*universe, error) {
	r := rand.New(rand.NewPCG(cfg.Seed, actorSalt))
	u := &universe{cfg: cfg, actors: make([]actorSpec, 0, cfg.Actors)}
	keys := map[string]bool{}  // folded names and aliases taken
	words := map[string]bool{} // pseudo-words taken as the stem of a name
	byType := map[argmap.ActorType][]int{}
	total := 0
	for _, k := range actorKinds {
		total += k.weight
	}
	freshWord := func() string {
		for {
			w := pseudoWord(r)
			if k := argmap.FoldName(w); !words[k] && !keys[k] {
				words[k] = true
				return w
			}
		}
	}
	for i := range cfg.Actors {
		x := r.IntN(total)
		kind := &actorKinds[0]
		for j := range actorKinds {
			if x < actorKinds[j].weight {
				kind = &actorKinds[j]
				break
			}
			x -= actorKinds[j].weight
		}
		a := actorSpec{id: fmt.Sprintf("actor-%04d", i+1), typ: kind.typ, parent: -1, description: kind.describe + " (synthetic)."}
		if len(kind.parents) > 0 && r.Float64() < kind.parentP {
			pt := kind.parents[r.IntN(len(kind.parents))]
			if cands := byType[pt]; len(cands) > 0 {
				a.parent = cands[r.IntN(len(cands))]
			}
		}
		// The first attempts reuse the parent's word when the kind is named
		// after its parent; a clash (a second army of the same state)
		// falls back to fresh words.
		for attempt := 0; ; attempt++ {
			if attempt > 1000 {
				return nil, fmt.Errorf("cannot find a distinct name for actor %d of %d: the generated names are exhausted", i+1, cfg.Actors)
			}
			var tmpl string
			if kind.inherit && a.parent >= 0 && attempt < len(kind.names) {
				a.word, tmpl = u.actors[a.parent].word, kind.names[attempt]
			} else {
				a.word, tmpl = freshWord(), kind.names[r.IntN(len(kind.names))]
			}
			first := ""
			if strings.Contains(tmpl, "{first}") {
				first = pseudoWord(r)
			}
			a.name = expand(tmpl, a.word, first, "")
			if k := argmap.FoldName(a.name); !keys[k] {
				keys[k] = true
				break
			}
		}
		acr := acronym(a.name)
		want := r.IntN(3) // 0, 1 or 2 aliases
		perm := r.Perm(len(kind.aliases))
		for _, p := range perm {
			if len(a.aliases) == want {
				break
			}
			al := expand(kind.aliases[p], a.word, "", acr)
			k := argmap.FoldName(al)
			if k == "" || keys[k] {
				continue
			}
			keys[k] = true
			a.aliases = append(a.aliases, al)
		}
		byType[a.typ] = append(byType[a.typ], i)
		u.actors = append(u.actors, a)
	}
	return u, nil
}

// expand fills a name template. A template that needs an acronym the name
// does not have expands to "".
func expand(tmpl, word, first, acr string) string {
	if strings.Contains(tmpl, "{acr}") && acr == "" {
		return ""
	}
	return strings.NewReplacer("{w}", word, "{first}", first, "{acr}", acr).Replace(tmpl)
}
