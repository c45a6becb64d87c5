package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/textsearch"
)

// maxSuggestions bounds the ids a NOT_FOUND suggests.
const maxSuggestions = 5

const (
	// cypherSuggestActors finds the actors a missing id may mean: the id
	// written as a slug ("SDF" → sdf), the actors one of whose names or
	// aliases the id is, read as a name ("Syrian_Democratic_Forces"), and
	// those whose names sound like it (the fuzzy terms of Search, on
	// actor_translit). Each branch is an index lookup.
	cypherSuggestActors = `
CALL () {
  MATCH (a:Actor {id: $slug}) RETURN a.id AS id, a.keys AS keys, 0 AS tier
  UNION
  WITH $key AS key WHERE key <> ''
  MATCH (a:Actor) WHERE a.keyText CONTAINS '\n' + key + '\n'
  RETURN a.id AS id, a.keys AS keys, 1 AS tier LIMIT 5
  UNION
  WITH $fuzzy AS q WHERE q <> ''
  CALL db.index.fulltext.queryNodes('actor_translit', q, {limit: 20}) YIELD node AS a
  RETURN a.id AS id, a.keys AS keys, 2 AS tier
}
RETURN id, keys, tier`

	// cypherSuggestClaims finds the claims a missing id may mean: the id in
	// lower case, the claims of its document (by the id's part before "/",
	// on the claim_id index), and for an id without a document part the
	// claims of any document with that local part (a scan of claim ids,
	// paid only on this error path).
	cypherSuggestClaims = `
CALL () {
  MATCH (c:Claim {id: $lower}) RETURN c.id AS id
  UNION
  WITH $prefix AS p WHERE p <> ''
  MATCH (c:Claim) WHERE c.id STARTS WITH p
  RETURN c.id AS id LIMIT 1000
  UNION
  WITH $suffix AS s WHERE s <> ''
  MATCH (c:Claim) WHERE c.id ENDS WITH s
  RETURN c.id AS id LIMIT 5
}
RETURN id`
)

// notFound returns the NOT_FOUND error for an id of kind ("actor", "claim",
// "document") that names nothing, with field at fault ("" for none). For
// actors and claims it looks up, in tx, the ids the client may have meant
// (Error.Suggestions) and says how ids are found; a failed lookup leaves
// the suggestions out rather than hide the NOT_FOUND. Call it only once
// the id is known to be missing: it is the only place that pays for the
// lookup.
func notFound(ctx context.Context, tx *txRunner, kind, field, id string) *argmap.Error {
	e := argmap.FieldErrorf(argmap.ENOTFOUND, field, "There is no %s %q.", kind, id)
	var ids []string
	var err error
	switch kind {
	case "actor":
		ids, err = suggestActors(ctx, tx, id)
		e.Message += fmt.Sprintf(" Actor ids are lowercase slugs (\"al-sharaa\"); search(query: %q) finds actors by name or alias.", id)
	case "claim":
		ids, err = suggestClaims(ctx, tx, id)
		e.Message += fmt.Sprintf(" Claim ids are the document id, \"/\" and a lowercase slug; search(query: %q, kinds: [CLAIM]) finds claims by their words.", id)
	default:
		return e
	}
	if err != nil || len(ids) == 0 {
		return e
	}
	e.Suggestions = ids
	quoted := make([]string, len(ids))
	for i, s := range ids {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	e.Message = fmt.Sprintf("There is no %s %q. Did you mean %s?", kind, id, strings.Join(quoted, ", ")) + strings.TrimPrefix(e.Message, fmt.Sprintf("There is no %s %q.", kind, id))
	return e
}

// NotFound implements argmap.ReadService.
func (db *DB) NotFound(ctx context.Context, kind, id string) error {
	e, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Error, error) {
		return notFound(ctx, tx, kind, "id", id), nil
	})
	if err != nil {
		return argmap.FieldErrorf(argmap.ENOTFOUND, "id", "There is no %s %q.", kind, id)
	}
	return e
}

// slug writes s the way ids are written: lower case, runs of anything but
// letters and digits as one "-".
func slug(s string) string {
	f := strings.FieldsFunc(strings.ToLower(argmap.StripDiacritics(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(f, "-")
}

func suggestActors(ctx context.Context, tx *txRunner, id string) ([]string, error) {
	// An id read as a name: "al-sharaa" is "al sharaa".
	key := argmap.FoldName(strings.NewReplacer("-", " ", "_", " ").Replace(id))
	q := textsearch.Parse(key)
	recs, err := tx.run(ctx, cypherSuggestActors, map[string]any{"slug": slug(id), "key": key, "fuzzy": fuzzyLucene(q.TranslitWords)})
	if err != nil {
		return nil, err
	}
	type candidate struct {
		id   string
		tier int64
		sim  float64
	}
	query := strings.Join(q.TranslitWords, " ")
	var cs []candidate
	for _, r := range recs {
		m := r.AsMap()
		c := candidate{id: m["id"].(string), tier: m["tier"].(int64), sim: 1}
		if c.tier == 2 {
			c.sim = 0
			for _, k := range stringList(m["keys"]) {
				if sim, ok := textsearch.FuzzyMatch(query, textsearch.TranslitKey(k)); ok {
					c.sim = max(c.sim, sim)
				}
			}
			if c.sim == 0 {
				continue
			}
		}
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.tier, b.tier), cmp.Compare(b.sim, a.sim), cmp.Compare(a.id, b.id))
	})
	var ids []string
	for _, c := range cs {
		if !slices.Contains(ids, c.id) && len(ids) < maxSuggestions {
			ids = append(ids, c.id)
		}
	}
	return ids, nil
}

func suggestClaims(ctx context.Context, tx *txRunner, id string) ([]string, error) {
	lower := strings.ToLower(strings.TrimSpace(id))
	var prefix, suffix string
	if doc, _, ok := strings.Cut(lower, "/"); ok {
		prefix = doc + "/"
	} else if lower != "" {
		suffix = "/" + lower
	}
	recs, err := tx.run(ctx, cypherSuggestClaims, map[string]any{"lower": lower, "prefix": prefix, "suffix": suffix})
	if err != nil {
		return nil, err
	}
	type candidate struct {
		id   string
		dist int
	}
	// Within a document, ids that are a few edits away: a third of the
	// id's length, at least 2.
	limit := max(2, len([]rune(lower))/3)
	var cs []candidate
	for _, r := range recs {
		c, _ := r.Get("id")
		cid := c.(string)
		d := textsearch.EditDistance(lower, strings.ToLower(cid))
		if suffix != "" && strings.HasSuffix(cid, suffix) {
			d = 0 // the right claim of a document left out
		}
		if d <= limit {
			cs = append(cs, candidate{cid, d})
		}
	}
	slices.SortFunc(cs, func(a, b candidate) int { return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.id, b.id)) })
	var ids []string
	for _, c := range cs[:min(len(cs), maxSuggestions)] {
		ids = append(ids, c.id)
	}
	return ids, nil
}
