package graph

// The limits of the GraphQL endpoint: what a single request may cost before
// any resolver runs. Every refusal is a GraphQL error with extensions
//
//	{"code": "BAD_USER_INPUT", "limit": "<name>", "max": <configured value>}
//
// (plus "found" when the measured value is known). The HTTP request itself
// is bounded by the guard (guard.go); the cost model is in complexity.go.
// A document over a limit is a
// GraphQL request error like a validation error: 200 when the client
// accepts application/json, 400 for application/graphql-response+json
// (see overHTTP). A dedicated REQUEST_TOO_LARGE code was considered and
// not used: clients already handle BAD_USER_INPUT and "limit" names the
// cause.

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/argmap/argmap/internal/argmap"
)

// limitError is a refusal for exceeding a named limit.
func limitError(limit string, max, found int, format string, args ...any) *gqlerror.Error {
	ext := map[string]any{"code": argmap.EINVALID, "limit": limit, "max": max}
	if found >= 0 {
		ext["found"] = found
	}
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: ext}
}

// documentLimits is a gqlgen extension that measures the parsed, validated
// operation and refuses it over a limit, before any resolver runs:
//
//   - depth: the longest chain of nested selections (fragments and inline
//     fragments are followed; introspection fields are not counted, gqlparser's
//     MaxIntrospectionDepth rule bounds them);
//   - aliases, directives and fields: counted with fragments expanded;
//   - root fields: top-level fields of the operation;
//   - complexity: the sum of every field's cost, where list fields cost
//     their page size (first, maxHops, depth) times their children
//     (see complexityRoot). All arithmetic saturates at math.MaxInt.
//
// Fragments are measured once per request (memoised), so a fragment spread
// many times at many levels costs no more to measure than to read: gqlgen's
// own complexity.Calculate walks every expansion and is exponential for
// fragments that spread each other twice.
type documentLimits struct {
	opts   Options
	es     graphql.ExecutableSchema
	shapes *shapeCache // the stored graph's shape, which the cost model reads
}

const costExtension = "ArgmapCost"

// Cost is what a request was measured at, reported in extensions.cost.
type Cost struct {
	Complexity int `json:"complexity"`
	Limit      int `json:"limit"`
	Depth      int `json:"depth"`
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = &documentLimits{}

func (documentLimits) ExtensionName() string { return "ArgmapLimits" }

func (d *documentLimits) Validate(es graphql.ExecutableSchema) error {
	d.es = es
	return nil
}

// MutateOperationParameters runs before parsing and validation. gqlparser's
// OverlappingFieldsCanBeMerged rule compares every pair of fields of a
// selection set with the same response name, so a document of thousands of
// repeated fields costs time quadratic in its size before any limit on
// the parsed operation runs. Measured on this schema (see
// TestRepeatedFieldsStayFast, one field repeated in one selection set,
// validated in full, no resolver run): 14000 repeated fields, which the
// 15000-token limit admits, took 7.3 s; 1999 took 175 ms; 995 took 47 ms.
// A lexer scan counting names is linear (14000 names refused in 4-14 ms)
// and runs first: a document may hold at most MaxFields (default 1000)
// names: fields, aliases, arguments, directives, fragment and type names.
func (d *documentLimits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if d.opts.MaxFields <= 0 {
		return nil
	}
	lx := lexer.New(&ast.Source{Input: p.Query})
	names := 0
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			// Syntax errors are the parser's to report.
			return nil
		}
		if tok.Kind == lexer.Name {
			names++
			if names > d.opts.MaxFields {
				return limitError("fields", d.opts.MaxFields, -1,
					"The query has more than %d names (fields, aliases, arguments); the limit is %d.", d.opts.MaxFields, d.opts.MaxFields)
			}
		}
	}
}

// measure is what one selection set amounts to.
type measure struct {
	depth, aliases, directives, fields, root, complexity int
	introspection                                        bool
}

func (m *measure) add(o measure) {
	m.depth = max(m.depth, o.depth)
	m.aliases = satAdd(m.aliases, o.aliases)
	m.directives = satAdd(m.directives, o.directives)
	m.fields = satAdd(m.fields, o.fields)
	m.root = satAdd(m.root, o.root)
	m.complexity = satAdd(m.complexity, o.complexity)
	m.introspection = m.introspection || o.introspection
}

type walker struct {
	ctx       context.Context
	es        graphql.ExecutableSchema
	vars      map[string]any
	fragments map[string]*measure
}

func (w *walker) selectionSet(ss ast.SelectionSet) measure {
	var m measure
	for _, sel := range ss {
		switch s := sel.(type) {
		case *ast.Field:
			var f measure
			f.fields = 1
			f.root = 1
			f.directives = len(s.Directives)
			if s.Alias != "" && s.Alias != s.Name {
				f.aliases = 1
			}
			if s.Name == "__schema" || s.Name == "__type" {
				f.introspection = true
				m.add(f)
				continue
			}
			child := w.selectionSet(s.SelectionSet)
			f.depth = satAdd(child.depth, 1)
			f.aliases = satAdd(f.aliases, child.aliases)
			f.directives = satAdd(f.directives, child.directives)
			f.fields = satAdd(f.fields, child.fields)
			f.introspection = child.introspection
			f.complexity = w.fieldComplexity(s, child.complexity)
			m.add(f)
		case *ast.InlineFragment:
			in := w.selectionSet(s.SelectionSet)
			in.directives = satAdd(in.directives, len(s.Directives))
			m.add(in)
		case *ast.FragmentSpread:
			in := w.fragment(s)
			in.directives = satAdd(in.directives, len(s.Directives))
			m.add(in)
		}
	}
	return m
}

func (w *walker) fragment(s *ast.FragmentSpread) measure {
	if m, ok := w.fragments[s.Name]; ok {
		if m == nil {
			return measure{} // a cycle; validation refuses these first
		}
		return *m
	}
	if s.Definition == nil {
		return measure{}
	}
	w.fragments[s.Name] = nil
	m := w.selectionSet(s.Definition.SelectionSet)
	w.fragments[s.Name] = &m
	return m
}

// fieldComplexity is gqlgen's rule: the schema's complexity function when
// there is one, otherwise 1 + the children.
func (w *walker) fieldComplexity(f *ast.Field, child int) int {
	if f.ObjectDefinition == nil {
		return satAdd(1, child)
	}
	args := f.ArgumentMap(w.vars)
	if c, ok := w.es.Complexity(w.ctx, f.ObjectDefinition.Name, f.Name, child, args); ok && c >= 1 {
		return c
	}
	return satAdd(1, child)
}

// MutateOperationContext measures the operation and refuses it over a limit.
func (d *documentLimits) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Operation
	if op == nil {
		return nil
	}
	d.shapes.refresh()
	w := &walker{ctx: ctx, es: d.es, vars: opCtx.Variables, fragments: map[string]*measure{}}
	m := w.selectionSet(op.SelectionSet)
	o := d.opts
	opCtx.Stats.SetExtension(costExtension, &Cost{Complexity: m.complexity, Limit: o.MaxComplexity, Depth: m.depth})
	switch {
	case m.introspection && !o.Introspection:
		return &gqlerror.Error{Message: "Introspection is disabled on this server.", Extensions: map[string]any{"code": argmap.EINVALID, "limit": "introspection"}}
	case o.MaxDepth > 0 && m.depth > o.MaxDepth:
		return limitError("depth", o.MaxDepth, m.depth, "The query is nested %d levels deep; the limit is %d.", m.depth, o.MaxDepth)
	case o.MaxAliases > 0 && m.aliases > o.MaxAliases:
		return limitError("aliases", o.MaxAliases, m.aliases, "The query uses %d aliases; the limit is %d.", m.aliases, o.MaxAliases)
	case o.MaxRootFields > 0 && m.root > o.MaxRootFields:
		return limitError("rootFields", o.MaxRootFields, m.root, "The query asks for %d top-level fields; the limit is %d.", m.root, o.MaxRootFields)
	case o.MaxDirectives > 0 && m.directives > o.MaxDirectives:
		return limitError("directives", o.MaxDirectives, m.directives, "The query uses %d directives; the limit is %d.", m.directives, o.MaxDirectives)
	case o.MaxFields > 0 && m.fields > o.MaxFields:
		return limitError("fields", o.MaxFields, m.fields, "The query selects %d fields (fragments expanded); the limit is %d.", m.fields, o.MaxFields)
	case o.MaxComplexity > 0 && m.complexity > o.MaxComplexity:
		e := limitError("complexity", o.MaxComplexity, m.complexity, "The query has complexity %s; the limit is %d. Ask for smaller pages (first) or fewer nested lists.", fmtCost(m.complexity), o.MaxComplexity)
		e.Extensions["cost"] = Cost{Complexity: m.complexity, Limit: o.MaxComplexity, Depth: m.depth}
		return e
	}
	return nil
}

func fmtCost(c int) string {
	if c == math.MaxInt {
		return "over " + strconv.Itoa(math.MaxInt)
	}
	return strconv.Itoa(c)
}

// reportCost adds extensions.cost to every response of an operation that
// was measured.
func reportCost(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	opCtx := graphql.GetOperationContext(ctx)
	if opCtx == nil {
		return resp
	}
	if c, ok := opCtx.Stats.GetExtension(costExtension).(*Cost); ok {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["cost"] = c
	}
	return resp
}
