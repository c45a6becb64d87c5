package textsearch

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/argmap/argmap/internal/argmap"
)

const (
	// MaxQueryRunes and MaxQueryPieces bound what is sent to the indexes;
	// the rest of a longer query is ignored.
	MaxQueryRunes  = 1000
	MaxQueryPieces = 32
)

// Query is a researcher's query prepared for the indexes and for scoring
// hits.
type Query struct {
	Key         string   // argmap.FoldName of the whole query: an actor key
	ActorPieces []string // pieces of Key for the actor index
	TextPieces  []string // pieces of the query as typed, for claims and documents
	ActorWords  []string // normalized words of Key
	TextWords   []string // normalized words of the query, without stop words
	// TranslitWords are the words of TranslitKey(Key), at most
	// MaxQueryPieces, for fuzzy actor lookups.
	TranslitWords []string
}

// englishStopWords is the stop word list of Neo4j's english analyzer (see
// db.index.fulltext.listAvailableAnalyzers): words Lucene ignores in claims
// and documents, so Go ignores them too when it weighs and places matches.
var englishStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with") {
		englishStopWords[w] = true
	}
}

// Parse prepares query: NFC, at most MaxQueryRunes code points, cut at
// white space into at most MaxQueryPieces distinct pieces with a letter or
// digit each.
func Parse(query string) Query {
	query = norm.NFC.String(query)
	if r := []rune(query); len(r) > MaxQueryRunes {
		query = string(r[:MaxQueryRunes])
	}
	q := Query{Key: argmap.FoldName(query)}

	// Actors: the folded query against the folded keys.
	q.ActorPieces = piecesOf(q.Key)
	for _, p := range q.ActorPieces {
		q.ActorWords = append(q.ActorWords, wordsOf(p)...)
	}

	// Claims and documents: the query as typed.
	q.TextPieces = piecesOf(query)
	for _, p := range q.TextPieces {
		for _, w := range wordsOf(p) {
			if !englishStopWords[w] {
				q.TextWords = append(q.TextWords, w)
			}
		}
	}
	q.ActorWords, q.TextWords = dedupe(q.ActorWords), dedupe(q.TextWords)
	q.TranslitWords = piecesOf(TranslitKey(q.Key))
	return q
}

// piecesOf cuts s at white space into at most MaxQueryPieces distinct
// pieces, leaving out those without a letter or digit ("(", "*", "~~~"):
// the analyzers make no term of them.
func piecesOf(s string) []string {
	var ps []string
	for _, p := range dedupe(strings.Fields(s)) {
		if strings.ContainsFunc(p, isWordRune) && len(ps) < MaxQueryPieces {
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
