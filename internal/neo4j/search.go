package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/textsearch"
)

// Search runs on the full-text indexes of migrations/003_fulltext.cypher:
// actor_search (Actor.keys, standard-no-stop-words), claim_search
// (Claim.text, english) and document_search (Document.title and text,
// english).
//
// The researcher's query is plain text, never Lucene syntax: it is cut at
// white space and every piece is sent as a quoted Lucene phrase, with `\`
// and `"` escaped, so no character or word (`(`, `*`, `~`, `title:`, `AND`)
// can be read as an operator. The index's analyzer splits a piece the way it
// split the indexed text ("al-Sham" becomes the phrase "al sham").
//
// Scores: Lucene scores depend on each index's statistics and text lengths
// and cannot be compared across indexes. Search therefore gives every hit a
// score in (0, 1] of its own, in three tiers:
//
//   - 1: an actor one of whose folded names or aliases is exactly the folded
//     query (FoldName(query) IN a.keys): "hts" puts HTS first;
//   - 0.95 to 0.99: an actor one of whose names holds every word of the
//     query ("HAYAT TAHRIR"), more the more of that name the query covers;
//   - up to 0.95: coverage × (0.5 + 0.45 × relevance), where coverage is the
//     share of the query's words that the hit contains (checked in Go) and
//     relevance, in [0, 1], the hit's Lucene score divided by the best
//     Lucene score of its kind in this search. So the best hit of each kind
//     that has every word scores 0.95, and one with half the words at most
//     0.475. For actors, relevance is the mean of that ratio and of the
//     share of the best-matching name's words that the query holds: Lucene
//     ranks a list of names by its length, so an actor with many aliases
//     would lose to "HTS pragmatic wing" on "hts".
//
// Actors found only under another spelling of a name (the fuzzy branch of
// cypherSearch; textsearch.TranslitKey, FuzzyMatch) score at most
// textsearch.FuzzyScore, 0.9, times their similarity: below the first two
// tiers, so a name matched as typed always ranks above one matched as it
// sounds. An actor found both ways keeps the better score.
//
// Hits of all kinds are then merged by that score.
const (
	// searchSlack is how many more hits than first each kind fetches, so
	// that re-scoring by coverage can promote a hit Lucene ranked lower.
	searchSlack = 20
)

// cypherSearch answers all kinds in one statement: each branch runs only
// when its kind is asked for and its query is not empty (a procedure is not
// called when no row reaches it). Every branch is bounded by $limit. Exact
// actor keys are matched on keyText, every key between newlines, which the
// actor_key_text TEXT index answers (a list element cannot be looked up in
// an index, and a scan of every actor costs more than the rest of the
// search); the full-text branch may miss them when many actors share the
// words. The fuzzy branch (actor_translit, migrations/007) asks for the
// words of the query's transliteration key, each within its
// textsearch.MaxEdits, and only when no actor has the query as an exact
// key: an exact lookup pays one index probe for it. Every hit comes with its object (the projections of convert.go),
// which the ranking reads (names, texts) and the API shows without a
// statement of its own.
const cypherSearch = `
CALL () {
  WITH $actorKey AS key WHERE $actors AND key <> ''
  MATCH (a:Actor) WHERE a.keyText CONTAINS '\n' + key + '\n' AND key IN a.keys
  RETURN 'ACTOR' AS kind, a.id AS id, true AS exact, false AS fuzzy, 0.0 AS score, a.keys AS keys, ` + projActor + ` AS object
  LIMIT $limit
  UNION ALL
  WITH $actorQuery AS q WHERE $actors AND q <> ''
  CALL db.index.fulltext.queryNodes('actor_search', q, {limit: $limit}) YIELD node AS a, score
  RETURN 'ACTOR' AS kind, a.id AS id, false AS exact, false AS fuzzy, score, a.keys AS keys, ` + projActor + ` AS object
  LIMIT $limit
  UNION ALL
  WITH $textQuery AS q WHERE $claims AND q <> ''
  CALL db.index.fulltext.queryNodes('claim_search', q, {limit: $limit}) YIELD node AS c, score
  RETURN 'CLAIM' AS kind, c.id AS id, false AS exact, false AS fuzzy, score, null AS keys, ` + projClaim + ` AS object
  LIMIT $limit
  UNION ALL
  WITH $textQuery AS q WHERE $documents AND q <> ''
  CALL db.index.fulltext.queryNodes('document_search', q, {limit: $limit}) YIELD node AS d, score
  RETURN 'DOCUMENT' AS kind, d.id AS id, false AS exact, false AS fuzzy, score, null AS keys, ` + projDocument + ` AS object
  LIMIT $limit
  UNION ALL
  WITH $fuzzyQuery AS q WHERE $actors AND q <> ''
    AND NOT EXISTS { MATCH (x:Actor) WHERE x.keyText CONTAINS '\n' + $actorKey + '\n' }
  CALL db.index.fulltext.queryNodes('actor_translit', q, {limit: $limit}) YIELD node AS a, score
  RETURN 'ACTOR' AS kind, a.id AS id, false AS exact, true AS fuzzy, score, a.keys AS keys, ` + projActor + ` AS object
  LIMIT $limit
}
RETURN kind, id, exact, fuzzy, score, keys, object`

// Search implements argmap.ExploreService: at most first (1..MaxPageSize)
// hits of the given kinds (nil or empty: all), best first, in one read
// statement. Scores are in (0, 1] (see above); ties go actors, claims,
// documents, then by id. A query with no letter or digit ("*", "((") finds
// nothing without asking the database; an empty one is a BAD_USER_INPUT.
// Only the first textsearch.MaxQueryRunes code points and
// textsearch.MaxQueryPieces words of a query count.
func (db *DB) Search(ctx context.Context, query string, kinds []argmap.SearchKind, first int) ([]argmap.SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "query", "Type at least one word to search for.")
	}
	if err := argmap.CheckRange("first", first, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	want, err := searchKinds(kinds)
	if err != nil {
		return nil, err
	}
	q := textsearch.Parse(query)
	// The analyzer keeps an apostrophe inside a word ("hay’at" is one term,
	// not "hayat"), so a piece of a text query with an apostrophe also asks
	// for its other spellings.
	actorLucene := luceneQuery(q.ActorPieces, func(p string) []string { return []string{p} })
	textLucene := luceneQuery(q.TextPieces, apostropheVariants)
	params := map[string]any{
		"actors":     want[argmap.SearchActor],
		"claims":     want[argmap.SearchClaim],
		"documents":  want[argmap.SearchDocument],
		"actorKey":   q.Key,
		"actorQuery": actorLucene,
		"textQuery":  textLucene,
		"fuzzyQuery": fuzzyLucene(q.TranslitWords),
		"limit":      first + searchSlack,
	}
	if !(want[argmap.SearchActor] && (q.Key != "" || actorLucene != "")) &&
		!((want[argmap.SearchClaim] || want[argmap.SearchDocument]) && textLucene != "") {
		return []argmap.SearchHit{}, nil
	}
	rows, err := read(ctx, db, func(ctx context.Context, tx *txRunner) ([]textsearch.Row, error) {
		recs, err := tx.run(ctx, cypherSearch, params)
		if err != nil {
			return nil, err
		}
		rows := make([]textsearch.Row, 0, len(recs))
		for _, r := range recs {
			m := r.AsMap()
			row := textsearch.Row{
				Kind: argmap.SearchKind(m["kind"].(string)), ID: m["id"].(string), Exact: m["exact"].(bool), Fuzzy: m["fuzzy"].(bool), Score: m["score"].(float64),
				Keys: stringList(m["keys"]),
			}
			switch row.Kind {
			case argmap.SearchActor:
				row.Actor = actorFrom(m["object"])
				row.Name, row.Aliases = row.Actor.Name, row.Actor.Aliases
			case argmap.SearchClaim:
				row.Claim = claimFrom(m["object"])
				row.Text = row.Claim.Text
			case argmap.SearchDocument:
				row.Document = documentFrom(m["object"])
				row.Title, row.Text = row.Document.Title, row.Document.Text
			}
			rows = append(rows, row)
		}
		return rows, nil
	})
	if err != nil {
		return nil, err
	}
	return textsearch.Rank(q, rows, first), nil
}

// searchKinds returns the set of kinds asked for; none means all.
func searchKinds(kinds []argmap.SearchKind) (map[argmap.SearchKind]bool, error) {
	all := []argmap.SearchKind{argmap.SearchActor, argmap.SearchClaim, argmap.SearchDocument}
	want := map[argmap.SearchKind]bool{}
	if len(kinds) == 0 {
		kinds = all
	}
	for _, k := range kinds {
		if !slices.Contains(all, k) {
			return nil, argmap.FieldErrorf(argmap.EINVALID, "kinds", "Unknown search kind %q: use ACTOR, CLAIM or DOCUMENT.", k)
		}
		want[k] = true
	}
	return want, nil
}

// luceneQuery ORs one clause per piece (its spellings ORed in a group) and,
// for several pieces, adds the whole query as a phrase boosted 2, so that
// texts with the exact phrase come first. Every piece is a quoted phrase.
func luceneQuery(pieces []string, spellings func(string) []string) string {
	if len(pieces) == 0 {
		return ""
	}
	var b strings.Builder
	for i, p := range pieces {
		if i > 0 {
			b.WriteByte(' ')
		}
		vs := spellings(p)
		if len(vs) == 1 {
			b.WriteString(lucenePhrase(vs[0]))
			continue
		}
		b.WriteByte('(')
		for j, v := range vs {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(lucenePhrase(v))
		}
		b.WriteByte(')')
	}
	if len(pieces) > 1 {
		for _, v := range spellings(strings.Join(pieces, " ")) {
			b.WriteString(" " + lucenePhrase(v) + "^2")
		}
	}
	return b.String()
}

// lucenePhrase quotes s as a Lucene phrase: inside quotes only `\` and `"`
// are special, and both are escaped.
func lucenePhrase(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// apostropheVariants returns s and, if it has an apostrophe of any kind,
// s with the typographic apostrophe, with the straight one, and without.
func apostropheVariants(s string) []string {
	if !strings.ContainsFunc(s, argmap.IsApostrophe) {
		return []string{s}
	}
	with := func(repl string) string {
		var b strings.Builder
		for _, r := range s {
			if argmap.IsApostrophe(r) {
				b.WriteString(repl)
			} else {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	var out []string
	for _, v := range []string{s, with("’"), with("'"), with("")} {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// fuzzyLucene ORs a fuzzy term per word of a transliteration key: the word
// within textsearch.MaxEdits edits ("mahajarn~1"), or exactly for a short
// one. The words' Lucene operators are escaped, one by one: a fuzzy term
// cannot be quoted.
func fuzzyLucene(words []string) string { return fuzzyTerms(words, "") }

// fuzzyLuceneAll is fuzzyLucene with every term required.
func fuzzyLuceneAll(words []string) string { return fuzzyTerms(words, "+") }

func fuzzyTerms(words []string, prefix string) string {
	terms := make([]string, 0, len(words))
	for _, w := range words {
		var b strings.Builder
		b.WriteString(prefix)
		for _, r := range w {
			if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		if d := textsearch.MaxEdits(w); d > 0 {
			fmt.Fprintf(&b, "~%d", d)
		}
		terms = append(terms, b.String())
	}
	return strings.Join(terms, " ")
}
