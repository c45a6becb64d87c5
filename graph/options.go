package graph

import (
	"time"

	"github.com/argmap/argmap/internal/argmap"
)

// Options are the limits and switches of the GraphQL endpoint.
type Options struct {
	// ParserTokenLimit bounds the tokens of one query document, so a huge
	// document is rejected before it costs parsing and validation time.
	ParserTokenLimit int
	// Introspection enables __schema and __type (the playground needs it).
	// Off, a query that asks for them is refused with BAD_USER_INPUT.
	Introspection bool
	// FieldSuggestions keeps gqlparser's "Did you mean …?" hints in
	// validation errors. Off, they are removed: they reveal the schema to
	// callers that cannot introspect it (GraphQL Armor's "block field
	// suggestions" plugin).
	FieldSuggestions bool
	// MaxBodyBytes bounds a POST body (413 over it; 0: no limit).
	MaxBodyBytes int64
	// MaxDepth bounds the nesting of selections, through fragments
	// (0: no limit). The deepest query the API's own clients send
	// (paths → steps → relation → evidence → claim → document → …) is 7.
	MaxDepth int
	// MaxAliases bounds the aliases of an operation, fragments expanded.
	MaxAliases int
	// MaxRootFields bounds the top-level fields of an operation.
	MaxRootFields int
	// MaxDirectives bounds the directives of an operation, fragments expanded.
	MaxDirectives int
	// MaxFields bounds the names in a document (checked by a lexer scan
	// before parsing and validation) and the fields of an operation with
	// fragments expanded.
	MaxFields int
	// MaxComplexity bounds the cost of an operation: list fields cost their
	// page size times their children (see setComplexity in complexity.go).
	MaxComplexity int
	// LoaderWait is how long a loader collects keys before it runs one
	// statement for them all: long enough for gqlgen's concurrent field
	// resolution to ask for every sibling row, short enough not to show in
	// latency. Each level of a nested query waits once.
	LoaderWait time.Duration
	// Tokens are the bearer tokens and their roles. Mutations always need a
	// token with write access.
	Tokens *argmap.Tokens
	// ReadRequiresToken closes reads to callers without a read token.
	ReadRequiresToken bool
	// Observer, when set, receives every operation's outcome (metrics).
	Observer Observer
}

// DefaultOptions are the settings for the research playground.
//
// The limits follow the published defaults of GraphQL Armor
// (escape.tech/graphql-armor/docs/plugins: max-depth 6, max-aliases 15,
// max-directives 50, max-tokens 1000, cost-limit 5000) and Hive/Apollo
// Router's limits (max_depth, max_aliases, max_root_fields, max_directives;
// no default, off unless configured), loosened where this schema needs it:
// its natural queries nest 7 levels (depth 12 leaves room for fragments of
// the playground's own queries), a comparison page may alias a list a few
// dozen times (30), and the nested 50-actor query of TestStatementBound
// (relations, evidence, quotes, claims) costs 73650 in this cost model:
// 100000 admits it and two nested pages of 100 (≈ 20000), and refuses
// three nested pages of 100 (≈ 2 million). The token limit stays at 15000: gqlgen's
// parser bounds the document with it before validation, and MaxFields
// bounds the quadratic validation of repeated fields (see
// documentLimits.MutateOperationParameters).
func DefaultOptions() Options {
	return Options{
		ParserTokenLimit: 15000,
		Introspection:    true,
		FieldSuggestions: true,
		LoaderWait:       time.Millisecond,
		MaxBodyBytes:     1 << 20,
		MaxDepth:         12,
		MaxAliases:       30,
		MaxRootFields:    20,
		MaxDirectives:    50,
		MaxFields:        1000,
		MaxComplexity:    100000,
	}
}
