package synth

import (
	"math/rand/v2"

	"github.com/argmap/argmap/internal/argmap"
)

// claimPlan is a claim before its sentence is written.
type claimPlan struct {
	link      int // its own link, which places it in the argument; -1 for the thesis
	supported bool
	role      argmap.ClaimRole
	stance    stance
	actors    []int // pool indices, in the order the sentence names them
}

// linkPlan is a support or attack between claims (indices into the plan).
type linkPlan struct {
	from, to int // for an undercut, to is the conclusion of the target link
	typ      argmap.LinkType
	kind     argmap.AttackKind
	target   int // the supports link an undercut attacks, else -1
	conn     *connective
}

// planArgument lays out the argument of n claims: claim 0 is the thesis,
// claims 1–3 a chain of supports below it (so the tree is at least three
// deep), and every later claim supports, rebuts, undermines or undercuts an
// earlier one. One attack closes a cycle — a claim attacks a premise that
// supports it indirectly — and a few extra links join the branches.
func planArgument(r *rand.Rand, n int) ([]claimPlan, []linkPlan) {
	claims := make([]claimPlan, n)
	var links []linkPlan
	var supportLinks []int
	pairs := map[[2]int]bool{}
	supportParent := make([]int, n)
	for j := range supportParent {
		supportParent[j] = -1
	}
	add := func(l linkPlan) int {
		links = append(links, l)
		pairs[[2]int{l.from, l.to}] = true
		if l.typ == argmap.LinkSupports {
			supportLinks = append(supportLinks, len(links)-1)
			claims[l.to].supported = true
		}
		return len(links) - 1
	}

	claims[0].link = -1
	for j := 1; j < n; j++ {
		l := linkPlan{from: j, typ: argmap.LinkSupports, target: -1}
		switch x := r.IntN(100); {
		case j <= 3:
			l.to = j - 1
		case x < 10:
			t := supportLinks[r.IntN(len(supportLinks))]
			l.typ, l.kind, l.target, l.to = argmap.LinkAttacks, argmap.AttackUndercut, t, links[t].to
		case x < 20:
			var concl []int
			for c := range j {
				if claims[c].supported {
					concl = append(concl, c)
				}
			}
			l.typ, l.kind, l.to = argmap.LinkAttacks, argmap.AttackRebut, concl[r.IntN(len(concl))]
		case x < 30:
			l.typ, l.kind, l.to = argmap.LinkAttacks, argmap.AttackUndermine, 1+r.IntN(j-1)
		default:
			l.to = r.IntN(j)
		}
		if l.typ == argmap.LinkSupports {
			supportParent[j] = l.to
			if r.IntN(100) < 35 {
				l.conn = &supportConnectives[r.IntN(len(supportConnectives))]
			}
		} else if r.IntN(100) < 80 {
			l.conn = &attackConnectives[r.IntN(len(attackConnectives))]
		}
		claims[j].link = add(l)
	}

	// The cycle: c supports p supports … a, and a attacks c. Tree links
	// always run from a later claim to an earlier one, so a → c is new.
	var deep []int
	for c := 1; c < n; c++ {
		if p := supportParent[c]; p >= 0 && supportParent[p] >= 0 {
			deep = append(deep, c)
		}
	}
	c := deep[r.IntN(len(deep))]
	var ancestors, inner []int
	for p := supportParent[supportParent[c]]; p >= 0; p = supportParent[p] {
		ancestors = append(ancestors, p)
		if p != 0 {
			inner = append(inner, p)
		}
	}
	if len(inner) > 0 {
		ancestors = inner // rather a premise than the thesis attacks its own support
	}
	add(linkPlan{from: ancestors[r.IntN(len(ancestors))], to: c, typ: argmap.LinkAttacks, kind: argmap.AttackUndermine, target: -1})

	for extra, tries := r.IntN(4), 0; extra > 0 && tries < 20; tries++ {
		a, b := r.IntN(n), r.IntN(n)
		if a == b || pairs[[2]int{a, b}] {
			continue
		}
		l := linkPlan{from: a, to: b, typ: argmap.LinkSupports, target: -1}
		if r.IntN(2) == 0 {
			l.typ, l.kind = argmap.LinkAttacks, argmap.AttackUndermine
			if claims[b].supported {
				l.kind = argmap.AttackRebut
			}
		}
		add(l)
		extra--
	}

	claims[0].role, claims[0].stance = argmap.RoleThesis, pickStance(r, thesisStances)
	for j := 1; j < n; j++ {
		c := &claims[j]
		switch {
		case links[c.link].typ == argmap.LinkAttacks:
			c.role = argmap.RoleCounterpoint
		case c.supported && r.IntN(5) == 0:
			c.role = argmap.RoleConclusion
		case c.supported:
			c.role = argmap.RolePremise
		default:
			c.role = []argmap.ClaimRole{argmap.RoleEvidence, argmap.RolePremise, argmap.RoleBackground, argmap.RoleRecommendation}[pickWeighted(r, []int{35, 45, 10, 10})]
		}
		switch c.role {
		case argmap.RoleEvidence, argmap.RoleBackground:
			c.stance = pickStance(r, factStances)
		case argmap.RoleRecommendation:
			c.stance = pickStance(r, recommendationStances)
		default:
			c.stance = pickStance(r, argumentStances)
		}
	}
	return claims, links
}

func pickStance(r *rand.Rand, ss []stance) stance {
	weights := make([]int, len(ss))
	for i, s := range ss {
		weights[i] = s.weight
	}
	return ss[pickWeighted(r, weights)]
}
