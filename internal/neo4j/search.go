package neo4j

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/argmap/argmap/internal/argmap"
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
// Hits of all kinds are then merged by that score.
const (
	// maxQueryRunes and maxQueryPieces bound what is sent to Lucene; the
	// rest of a longer query is ignored.
	maxQueryRunes  = 1000
	maxQueryPieces = 32
	// searchSlack is how many more hits than first each kind fetches, so
	// that re-scoring by coverage can promote a hit Lucene ranked lower.
	searchSlack = 20
	// snippetRunes is the length of a document snippet, in code points.
	snippetRunes = 160
	// exactScore is the score of an actor whose name is the query.
	exactScore = 1.0
)

// cypherSearch answers all kinds in one statement: each branch runs only
// when its kind is asked for and its query is not empty (a procedure is not
// called when no row reaches it). Every branch is bounded by $limit. Exact
// actor keys are matched on keyText, every key between newlines, which the
// actor_key_text TEXT index answers (a list element cannot be looked up in
// an index, and a scan of every actor costs more than the rest of the
// search); the full-text branch may miss them when many actors share the
// words. Every hit comes with its object (the projections of convert.go),
// which the ranking reads (names, texts) and the API shows without a
// statement of its own.
const cypherSearch = `
CALL () {
  WITH $actorKey AS key WHERE $actors AND key <> ''
  MATCH (a:Actor) WHERE a.keyText CONTAINS '\n' + key + '\n' AND key IN a.keys
  RETURN 'ACTOR' AS kind, a.id AS id, true AS exact, 0.0 AS score, a.keys AS keys, ` + projActor + ` AS object
  LIMIT $limit
  UNION ALL
  WITH $actorQuery AS q WHERE $actors AND q <> ''
  CALL db.index.fulltext.queryNodes('actor_search', q, {limit: $limit}) YIELD node AS a, score
  RETURN 'ACTOR' AS kind, a.id AS id, false AS exact, score, a.keys AS keys, ` + projActor + ` AS object
  LIMIT $limit
  UNION ALL
  WITH $textQuery AS q WHERE $claims AND q <> ''
  CALL db.index.fulltext.queryNodes('claim_search', q, {limit: $limit}) YIELD node AS c, score
  RETURN 'CLAIM' AS kind, c.id AS id, false AS exact, score, null AS keys, ` + projClaim + ` AS object
  LIMIT $limit
  UNION ALL
  WITH $textQuery AS q WHERE $documents AND q <> ''
  CALL db.index.fulltext.queryNodes('document_search', q, {limit: $limit}) YIELD node AS d, score
  RETURN 'DOCUMENT' AS kind, d.id AS id, false AS exact, score, null AS keys, ` + projDocument + ` AS object
  LIMIT $limit
}
RETURN kind, id, exact, score, keys, object`

// englishStopWords is the stop word list of Neo4j's english analyzer (see
// db.index.fulltext.listAvailableAnalyzers): words Lucene ignores in claims
// and documents, so Go ignores them too when it weighs and places matches.
var englishStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with") {
		englishStopWords[w] = true
	}
}

// Search implements argmap.ExploreService: at most first (1..MaxPageSize)
// hits of the given kinds (nil or empty: all), best first, in one read
// statement. Scores are in (0, 1] (see above); ties go actors, claims,
// documents, then by id. A query with no letter or digit ("*", "((") finds
// nothing without asking the database; an empty one is a BAD_USER_INPUT.
// Only the first maxQueryRunes code points and maxQueryPieces words of a
// query count.
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
	q := parseQuery(query)
	params := map[string]any{
		"actors":     want[argmap.SearchActor],
		"claims":     want[argmap.SearchClaim],
		"documents":  want[argmap.SearchDocument],
		"actorKey":   q.key,
		"actorQuery": q.actorLucene,
		"textQuery":  q.textLucene,
		"limit":      first + searchSlack,
	}
	if !(want[argmap.SearchActor] && (q.key != "" || q.actorLucene != "")) &&
		!((want[argmap.SearchClaim] || want[argmap.SearchDocument]) && q.textLucene != "") {
		return []argmap.SearchHit{}, nil
	}
	rows, err := read(ctx, db, func(ctx context.Context, tx *txRunner) ([]searchRow, error) {
		recs, err := tx.run(ctx, cypherSearch, params)
		if err != nil {
			return nil, err
		}
		rows := make([]searchRow, 0, len(recs))
		for _, r := range recs {
			m := r.AsMap()
			row := searchRow{
				kind: argmap.SearchKind(m["kind"].(string)), id: m["id"].(string), exact: m["exact"].(bool), score: m["score"].(float64),
				keys: stringList(m["keys"]),
			}
			switch row.kind {
			case argmap.SearchActor:
				row.actor = actorFrom(m["object"])
				row.name, row.aliases = row.actor.Name, row.actor.Aliases
			case argmap.SearchClaim:
				row.claim = claimFrom(m["object"])
				row.text = row.claim.Text
			case argmap.SearchDocument:
				row.document = documentFrom(m["object"])
				row.title, row.text = row.document.Title, row.document.Text
			}
			rows = append(rows, row)
		}
		return rows, nil
	})
	if err != nil {
		return nil, err
	}
	return rankHits(q, rows, first), nil
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

// searchRow is one row of cypherSearch.
type searchRow struct {
	kind              argmap.SearchKind
	id                string
	exact             bool
	score             float64
	name, title, text string
	aliases, keys     []string
	// The object found, as the API shows it.
	actor    *argmap.Actor
	claim    *argmap.Claim
	document *argmap.Document
}

// searchQuery is a researcher's query prepared for the indexes and for
// scoring hits in Go.
type searchQuery struct {
	key         string   // FoldName of the whole query: an actor key
	actorLucene string   // Lucene query on actor_search ("" when no piece)
	textLucene  string   // Lucene query on claim_search and document_search
	actorWords  []string // normalized words of key
	textWords   []string // normalized words of the query, without stop words
}

// parseQuery prepares query: see the comment at the top of this file.
func parseQuery(query string) searchQuery {
	query = norm.NFC.String(query)
	if r := []rune(query); len(r) > maxQueryRunes {
		query = string(r[:maxQueryRunes])
	}
	q := searchQuery{key: argmap.FoldName(query)}

	// Actors: the folded query against the folded keys.
	pieces := piecesOf(q.key)
	q.actorLucene = luceneQuery(pieces, func(p string) []string { return []string{p} })
	for _, p := range pieces {
		q.actorWords = append(q.actorWords, wordsOf(p)...)
	}

	// Claims and documents: the query as typed. The analyzer keeps an
	// apostrophe inside a word ("hay’at" is one term, not "hayat"), so a
	// piece with an apostrophe also asks for its other spellings.
	pieces = piecesOf(query)
	q.textLucene = luceneQuery(pieces, apostropheVariants)
	for _, p := range pieces {
		for _, w := range wordsOf(p) {
			if !englishStopWords[w] {
				q.textWords = append(q.textWords, w)
			}
		}
	}
	q.actorWords, q.textWords = dedupe(q.actorWords), dedupe(q.textWords)
	return q
}

// piecesOf cuts s at white space into at most maxQueryPieces distinct
// pieces, leaving out those without a letter or digit ("(", "*", "~~~"):
// the analyzers make no term of them.
func piecesOf(s string) []string {
	var ps []string
	for _, p := range dedupe(strings.Fields(s)) {
		if strings.ContainsFunc(p, isWordRune) && len(ps) < maxQueryPieces {
			ps = append(ps, p)
		}
	}
	return ps
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
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
	return dedupe([]string{s, with("’"), with("'"), with("")})
}

// word is a word of a text at code point offsets [start, end).
type word struct {
	start, end int
	norm       string
}

// isWordRune reports letters, digits and combining marks.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// wordsAt cuts text into words: runs of letters, digits and marks, with an
// apostrophe inside a word kept in it ("Hay’at"). Offsets are in code points.
func wordsAt(text []rune) []word {
	var out []word
	for i := 0; i < len(text); {
		if !isWordRune(text[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && (isWordRune(text[j]) || argmap.IsApostrophe(text[j]) && j+1 < len(text) && isWordRune(text[j+1])) {
			j++
		}
		if n := asciiWord(text[i:j]); n != "" {
			out = append(out, word{start: i, end: j, norm: n})
		} else if n := normWord(string(text[i:j])); n != "" {
			out = append(out, word{start: i, end: j, norm: n})
		}
		i = j
	}
	return out
}

// asciiWord is normWord of a word of ASCII letters and digits only (most
// words of most texts), without normWord's passes and allocations; "" for
// any other word.
func asciiWord(w []rune) string {
	b := make([]byte, len(w))
	for i, r := range w {
		switch {
		case 'A' <= r && r <= 'Z':
			b[i] = byte(r) + 'a' - 'A'
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b[i] = byte(r)
		default:
			return ""
		}
	}
	return string(b)
}

// wordsOf returns the normalized words of s.
func wordsOf(s string) []string {
	var out []string
	for _, w := range wordsAt([]rune(s)) {
		out = append(out, w.norm)
	}
	return out
}

// normWord reduces a word to what matching compares: lower case, no
// diacritics, no possessive "’s", no apostrophes.
func normWord(w string) string {
	w = strings.ToLower(w)
	if n := len(w); n > 2 && w[n-1] == 's' {
		if r, size := utf8.DecodeLastRuneInString(w[:n-1]); argmap.IsApostrophe(r) {
			w = w[:n-1-size]
		}
	}
	// Apostrophes go before diacritics: most words are then plain ASCII,
	// which StripDiacritics passes through without its costly transform.
	return argmap.StripDiacritics(strings.Map(func(r rune) rune {
		if argmap.IsApostrophe(r) {
			return -1
		}
		return r
	}, w))
}

// stemPrefix approximates what the english analyzer's stemmer keeps of a
// word: the word without its last three letters, but at least four.
func stemPrefix(w string) string {
	r := []rune(w)
	if len(r) <= 4 {
		return w
	}
	return string(r[:max(4, len(r)-3)])
}

// matches reports whether text word t is query word w: the same word, or,
// when stem, a word of the same stem ("risks" for "risk").
func matches(t, w string, stem bool) bool {
	if t == w {
		return true
	}
	return stem && strings.HasPrefix(t, stemPrefix(w)) && utf8.RuneCountInString(w) > 3
}

// coverage is the share of the query words found among the text words,
// at least 1/len(query) (Lucene found the hit, so something matched).
func coverage(query []string, text []word, stem bool) float64 {
	if len(query) == 0 {
		return 1
	}
	found := 0
	for _, w := range query {
		if slices.ContainsFunc(text, func(t word) bool { return matches(t.norm, w, stem) }) {
			found++
		}
	}
	return float64(max(found, 1)) / float64(len(query))
}

// actorScore scores an actor the full-text index found (not by an exact
// key); relevance is its Lucene score relative to the best actor's. Words
// are compared exactly (the actor index does not stem), and a stop word of
// the query counts only when the actor has it: its index keeps stop words,
// so "hts and" is about HTS while "IS" names the Islamic State.
//
// When one name or alias holds every word of the query, the actor is what
// the researcher named: it scores above every hit of another kind (0.95
// plus up to 0.04 for the share of that name the query covers). Otherwise
// it scores like claims and documents, with the share of the best-matching
// name's words the query covers as half its relevance.
func actorScore(query []string, keys []string, relevance float64) float64 {
	var all []string
	names := make([][]string, len(keys))
	for i, k := range keys {
		names[i] = dedupe(wordsOf(k))
		all = append(all, names[i]...)
	}
	var content []string
	for _, w := range query {
		if !englishStopWords[w] || slices.Contains(all, w) {
			content = append(content, w)
		}
	}
	if len(content) == 0 {
		return 0.5 * 0.5 * relevance
	}
	// named: the best share of a name holding every query word (-1: none);
	// fit: the best share of any name.
	named, fit := -1.0, 0.0
	for _, ws := range names {
		held := 0
		for _, w := range ws {
			if slices.Contains(content, w) {
				held++
			}
		}
		if len(ws) == 0 {
			continue
		}
		share := float64(held) / float64(len(ws))
		fit = max(fit, share)
		if held == len(content) {
			named = max(named, share)
		}
	}
	if named >= 0 {
		return 0.95 + 0.04*named
	}
	found := 0
	for _, w := range content {
		if slices.Contains(all, w) {
			found++
		}
	}
	coverage := float64(max(found, 1)) / float64(len(content))
	return coverage * (0.5 + 0.45*(fit+relevance)/2)
}

// rankHits merges rows into scored hits, best first, at most first.
func rankHits(q searchQuery, rows []searchRow, first int) []argmap.SearchHit {
	// An actor may come twice: by its exact key and from the index.
	type actor struct {
		row   searchRow
		exact bool
		score float64
	}
	actors := map[string]*actor{}
	best := map[argmap.SearchKind]float64{}
	var others []searchRow
	var actorOrder []string
	for _, r := range rows {
		if !r.exact {
			best[r.kind] = max(best[r.kind], r.score)
		}
		if r.kind != argmap.SearchActor {
			others = append(others, r)
			continue
		}
		a := actors[r.id]
		if a == nil {
			a = &actor{row: r}
			actors[r.id] = a
			actorOrder = append(actorOrder, r.id)
		}
		a.exact = a.exact || r.exact
		a.score = max(a.score, r.score)
	}
	relative := func(kind argmap.SearchKind, score float64) float64 {
		if best[kind] <= 0 {
			return 0
		}
		return score / best[kind]
	}

	hits := make([]argmap.SearchHit, 0, len(rows))
	for _, id := range actorOrder {
		a := actors[id]
		h := argmap.SearchHit{Kind: argmap.SearchActor, ID: id, Snippet: actorSnippet(q, a.row, a.exact), Actor: a.row.actor}
		if a.exact {
			h.Score = exactScore
		} else {
			h.Score = actorScore(q.actorWords, a.row.keys, relative(argmap.SearchActor, a.score))
		}
		hits = append(hits, h)
	}
	for _, r := range others {
		h := argmap.SearchHit{Kind: r.kind, ID: r.id, Claim: r.claim, Document: r.document}
		text := []rune(r.text)
		words := wordsAt(text)
		if r.kind == argmap.SearchClaim {
			h.Snippet = r.text
		} else {
			h.Snippet = documentSnippet(q.textWords, text, words, r.title)
			words = append(words, wordsAt([]rune(r.title))...)
		}
		h.Score = coverage(q.textWords, words, true) * (0.5 + 0.45*relative(r.kind, r.score))
		hits = append(hits, h)
	}

	kindOrder := map[argmap.SearchKind]int{argmap.SearchActor: 0, argmap.SearchClaim: 1, argmap.SearchDocument: 2}
	slices.SortFunc(hits, func(a, b argmap.SearchHit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), cmp.Compare(a.ID, b.ID))
	})
	return hits[:min(len(hits), first)]
}

// actorSnippet is the actor's name, followed by an alias in brackets when
// the match came from the alias rather than the name: "Hay’at Tahrir
// al-Sham (HTS)" for "hts", but just "Muhajirun (foreign fighter groups)"
// for "muhajirun", although "muhajirun" is an alias too.
func actorSnippet(q searchQuery, r searchRow, exact bool) string {
	score := func(s string) float64 {
		return coverage0(q.actorWords, wordsAt([]rune(argmap.FoldName(s))))
	}
	nameScore := score(r.name)
	if nameScore == 1 {
		return r.name
	}
	if exact {
		for _, a := range r.aliases {
			if argmap.FoldName(a) == q.key {
				return r.name + " (" + a + ")"
			}
		}
	}
	alias, aliasScore := "", 0.0
	for _, a := range r.aliases {
		if s := score(a); s > aliasScore {
			alias, aliasScore = a, s
		}
	}
	if aliasScore > nameScore {
		return r.name + " (" + alias + ")"
	}
	// The match came from the name or from a name that another document
	// gives the actor (keys keep every document's names).
	return r.name
}

// coverage0 is coverage without the floor: 0 when no word matches.
func coverage0(query []string, text []word) float64 {
	found := 0
	for _, w := range query {
		if slices.ContainsFunc(text, func(t word) bool { return t.norm == w }) {
			found++
		}
	}
	return float64(found) / float64(max(len(query), 1))
}

// documentSnippet returns about snippetRunes code points of text around
// the first occurrence of a query word, cut at word boundaries and marked
// "…" where cut; the title when no query word occurs in the text. Words are
// the same word, or when none occurs, a word of the same stem. Of several
// query words, the snippet starts at the first occurrence after which the
// most of them follow within the snippet ("Idlib French fighters" shows
// where all three stand together).
func documentSnippet(query []string, text []rune, words []word, title string) string {
	type hit struct{ at, q int }
	var hits []hit
	for _, stem := range []bool{false, true} {
		for _, w := range words {
			for i, q := range query {
				if matches(w.norm, q, stem) {
					hits = append(hits, hit{w.start, i})
					break
				}
			}
		}
		if len(hits) > 0 {
			break
		}
	}
	if len(hits) == 0 {
		return title
	}
	at, most := hits[0].at, 0
	for i, h := range hits {
		seen := map[int]bool{}
		for _, g := range hits[i:] {
			if g.at-h.at > snippetRunes*2/3 {
				break
			}
			seen[g.q] = true
		}
		if len(seen) > most {
			at, most = h.at, len(seen)
		}
	}
	return window(text, at, snippetRunes)
}

// window returns about size code points of text with position at in its
// first third, cut at white space so that no word is split, white space
// collapsed, with "…" where the text goes on.
func window(text []rune, at, size int) string {
	end := min(len(text), max(0, at-size/3)+size)
	start := max(0, end-size)
	for start > 0 && start < at && !unicode.IsSpace(text[start-1]) {
		start++
	}
	for end < len(text) && end > at+1 && !unicode.IsSpace(text[end]) {
		end--
	}
	s := strings.Join(strings.Fields(string(text[start:end])), " ")
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}
