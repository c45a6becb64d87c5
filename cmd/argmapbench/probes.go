package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/argmap"
)

// Probes are the arguments of the research queries, chosen from the data the
// database holds rather than hard-coded, so that the same suite measures the
// seed map and the synthetic corpora alike.
type Probes struct {
	// Actor is a popular actor (in the top 1% by relations, see
	// chooseActor); Alias one of its aliases, preferably one that folding
	// changes beyond case. ActorRank is its rank by relations among
	// ActorsRanked actors with relations (0: given with -actor).
	Actor        string
	ActorName    string
	ActorDegree  int64
	ActorRank    int
	ActorsRanked int
	Alias        string

	// PathFrom and PathTo are actors PathDistance (2–4, preferably 3)
	// relations apart, for shortest and all paths.
	PathFrom, PathTo string
	PathDistance     int

	// TreeRoot is a claim whose argument tree reaches depth TreeDepth (3 when
	// the graph has one); TreeSize counts its support/attack paths up to that
	// depth.
	TreeRoot  string
	TreeDepth int
	TreeSize  int64

	// SearchTerm occurs in actor names and claim texts.
	SearchTerm string

	// ClaimRoles and ClaimHedgings (GraphQL enum values; Hedgings may be
	// empty) filter a page of claims that selects ClaimMatches of ClaimTotal.
	ClaimRoles    []string
	ClaimHedgings []string
	ClaimMatches  int64
	ClaimTotal    int64
}

// actorRelTypes is the alternation of every actor relation type (PART_OF is
// not one), from the allowlist.
func actorRelTypes() string {
	var out []string
	for _, t := range argmap.RelationTypes {
		if s := "`" + string(t.RelType()) + "`"; !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "|")
}

// chooseProbes queries the database once for the probes; actor, when not
// empty, is the actor to use instead of a popular one.
func chooseProbes(ctx context.Context, c *cypherRunner, actor string) (*Probes, error) {
	p := &Probes{}
	if err := p.chooseActor(ctx, c, actor); err != nil {
		return nil, err
	}
	if err := p.choosePath(ctx, c); err != nil {
		return nil, err
	}
	if err := p.chooseTree(ctx, c); err != nil {
		return nil, err
	}
	if err := p.chooseClaimFilter(ctx, c); err != nil {
		return nil, err
	}
	// The popular actor's name is what a researcher types, and a name
	// appears in the claims that mention the actor. runQueries checks that
	// the search finds both kinds.
	p.SearchTerm = p.ActorName
	return p, nil
}

// popularShare is where the popular actor ranks by relations: at the top
// 1%. The very top is left out on purpose: the synthetic corpora (like real
// ones) have hubs related to most actors, whose depth-2 ego network is the
// whole graph, bounded only by the API's caps; -actor measures one anyway.
const popularShare = 0.01

// chooseActor takes the actor ranked at the top popularShare by relations
// (or the one given) and one of its aliases.
func (p *Probes) chooseActor(ctx context.Context, c *cypherRunner, given string) error {
	recs, err := c.run(ctx, `
MATCH (a:Actor)
WITH a, COUNT { (a)-[:`+actorRelTypes()+`]-(:Actor) } AS degree
WHERE degree > 0 AND ($given = '' OR a.id = $given)
RETURN a.id AS id, a.name AS name, coalesce(a.aliases, []) AS aliases, degree
ORDER BY degree DESC, id`, map[string]any{"given": given})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		if given != "" {
			return fmt.Errorf("-actor %s: no such actor with relations", given)
		}
		return fmt.Errorf("the database holds no actor with relations: load a map first")
	}
	p.ActorsRanked = len(recs)
	first := 0 // the candidates start here
	if given == "" {
		first = int(popularShare * float64(len(recs)))
	}
	recs = recs[first:]
	pick := func(i int, alias string) {
		r := recs[i]
		p.Actor, p.ActorName, p.ActorDegree, p.Alias = str(r, "id"), str(r, "name"), num(r, "degree"), alias
		if given == "" {
			p.ActorRank = first + i + 1
		}
	}
	// Best: the first of ten candidates with an alias that folding changes
	// beyond case (apostrophes, dashes, diacritics, a leading "the"); then
	// one with an alias that folding changes, then any alias other than the
	// name; last the first candidate and its name.
	for _, want := range []func(alias string) bool{
		func(a string) bool { return argmap.FoldName(a) != strings.ToLower(a) },
		func(a string) bool { return argmap.FoldName(a) != a },
		func(string) bool { return true },
	} {
		for i, r := range recs[:min(10, len(recs))] {
			name := str(r, "name")
			for _, a := range strs(r, "aliases") {
				if argmap.FoldName(a) != argmap.FoldName(name) && want(a) {
					pick(i, a)
					return nil
				}
			}
		}
	}
	pick(0, str(recs[0], "name"))
	return nil
}

// choosePath walks the actor network breadth-first from the popular actor
// and takes the most connected actor at distance 3 (else 2, else 4).
func (p *Probes) choosePath(ctx context.Context, c *cypherRunner) error {
	rels := actorRelTypes()
	seen := map[string]bool{p.Actor: true}
	levels := [][]string{{p.Actor}}
	for d := 1; d <= 4 && len(levels[d-1]) > 0; d++ {
		recs, err := c.run(ctx, `
UNWIND $ids AS id
MATCH (:Actor {id: id})-[:`+rels+`]-(n:Actor)
RETURN DISTINCT n.id AS id`, map[string]any{"ids": levels[d-1]})
		if err != nil {
			return err
		}
		var next []string
		for _, r := range recs {
			if id := str(r, "id"); !seen[id] {
				seen[id] = true
				next = append(next, id)
			}
		}
		levels = append(levels, next)
	}
	for _, d := range []int{3, 2, 4} {
		if d >= len(levels) || len(levels[d]) == 0 {
			continue
		}
		recs, err := c.run(ctx, `
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN a.id AS id, COUNT { (a)-[:`+rels+`]-(:Actor) } AS degree
ORDER BY degree DESC, id
LIMIT 1`, map[string]any{"ids": levels[d]})
		if err != nil {
			return err
		}
		p.PathFrom, p.PathTo, p.PathDistance = p.Actor, str(recs[0], "id"), d
		return nil
	}
	return fmt.Errorf("no actor is 2 to 4 relations away from %s: the actor network is too small for path queries", p.Actor)
}

// chooseTree takes, among claims whose argument tree reaches depth 3 (else
// 2, else 1), the one with the largest tree. The candidates are bounded so
// that choosing stays cheap on large graphs.
func (p *Probes) chooseTree(ctx context.Context, c *cypherRunner) error {
	for depth := 3; depth >= 1; depth-- {
		recs, err := c.run(ctx, fmt.Sprintf(`
MATCH (root:Claim) WHERE EXISTS { (root)<-[:SUPPORTS|ATTACKS*%[1]d]-(:Claim) }
WITH root LIMIT 5000
RETURN root.id AS id, COUNT { (root)<-[:SUPPORTS|ATTACKS*1..%[1]d]-(:Claim) } AS size
ORDER BY size DESC, id
LIMIT 1`, depth), nil)
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			p.TreeRoot, p.TreeDepth, p.TreeSize = str(recs[0], "id"), depth, num(recs[0], "size")
			return nil
		}
	}
	return fmt.Errorf("no claim is supported or attacked: the graph has no argument tree")
}

// chooseClaimFilter takes the role, or role and hedging, that selects the
// share of claims closest to 10% while still filling a page of 20.
func (p *Probes) chooseClaimFilter(ctx context.Context, c *cypherRunner) error {
	recs, err := c.run(ctx, `MATCH (c:Claim) RETURN c.role AS role, c.hedging AS hedging, count(*) AS n`, nil)
	if err != nil {
		return err
	}
	type cand struct {
		role, hedging string
		n             int64
	}
	byRole := map[string]int64{}
	var cands []cand
	for _, r := range recs {
		n := num(r, "n")
		p.ClaimTotal += n
		byRole[str(r, "role")] += n
		cands = append(cands, cand{str(r, "role"), str(r, "hedging"), n})
	}
	for role, n := range byRole {
		cands = append(cands, cand{role, "", n})
	}
	if p.ClaimTotal == 0 {
		return fmt.Errorf("the database holds no claim")
	}
	minimum := min(int64(20), p.ClaimTotal/2)
	best, bestScore := cand{}, math.Inf(1)
	for _, k := range cands {
		if k.n < max(minimum, 1) || k.role == "" {
			continue
		}
		score := math.Abs(math.Log(float64(k.n) / (0.1 * float64(p.ClaimTotal))))
		// Ties go by name, so the choice is the same every run.
		if score < bestScore-1e-9 || (math.Abs(score-bestScore) < 1e-9 && (k.role+"/"+k.hedging) < (best.role+"/"+best.hedging)) {
			best, bestScore = k, score
		}
	}
	if best.role == "" {
		return fmt.Errorf("no claim role selects %d claims", minimum)
	}
	p.ClaimRoles = []string{strings.ToUpper(best.role)}
	if best.hedging != "" {
		p.ClaimHedgings = []string{strings.ToUpper(best.hedging)}
	}
	p.ClaimMatches = best.n
	return nil
}

func str(r *neo4j.Record, key string) string {
	v, _ := r.Get(key)
	s, _ := v.(string)
	return s
}

func num(r *neo4j.Record, key string) int64 {
	v, _ := r.Get(key)
	n, _ := v.(int64)
	return n
}

func strs(r *neo4j.Record, key string) []string {
	v, _ := r.Get(key)
	var out []string
	for _, x := range asList(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
