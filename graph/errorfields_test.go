package graph_test

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/argmap/argmap/internal/argmap"
)

// errorFieldCase triggers one argument-level error of one field.
type errorFieldCase struct {
	field string // the schema field, Type.field
	name  string
	query string
	vars  map[string]any
	code  string
	want  string // extensions.field
}

// errorFieldCases are the argument-level errors the resolvers and services
// return, each through the real handler. TestErrorFields checks each one's
// extensions.field against the schema, and that every field with arguments
// has a case (or is listed in noArgumentErrors).
func errorFieldCases() []errorFieldCase {
	const doc = "syria-anti-isis-gamble"
	claimIn := func(change func(map[string]any)) map[string]any {
		c := map[string]any{"id": "c-new", "documentId": doc, "text": "A claim.", "role": "PREMISE", "modality": "ASSERTION",
			"hedging": "NONE", "quotes": []any{map[string]any{"exact": "Syria’s anti-ISIS gamble threatens internal stability"}}}
		change(c)
		return map[string]any{"in": c}
	}
	linkIn := func(change func(map[string]any)) map[string]any {
		l := map[string]any{"id": "l-new", "type": "SUPPORTS", "from": doc + "/thesis", "to": doc + "/opportunity-reemerge"}
		change(l)
		return map[string]any{"in": l}
	}
	mentionIn := func(change func(map[string]any)) map[string]any {
		m := map[string]any{"claimId": doc + "/thesis", "actorId": "hts", "role": "SUBJECT", "quote": map[string]any{"exact": "HTS"}}
		change(m)
		return map[string]any{"in": m}
	}
	relationIn := func(change func(map[string]any)) map[string]any {
		r := map[string]any{"id": "r-new", "documentId": doc, "type": "OPPOSES", "from": "hts", "to": "syria", "modality": "ACTUAL",
			"evidence": []any{doc + "/thesis"}, "quotes": []any{map[string]any{"exact": "Syria’s anti-ISIS gamble threatens internal stability"}}}
		change(r)
		return map[string]any{"in": r}
	}
	const (
		addClaim    = `mutation($in: ClaimInput!) { addClaim(input: $in) { id } }`
		linkClaims  = `mutation($in: LinkInput!) { linkClaims(input: $in) { id } }`
		addMention  = `mutation($in: MentionInput!) { addMention(input: $in) { id } }`
		addRelation = `mutation($in: RelationInput!) { addRelation(input: $in) { id } }`
		bad, gone   = argmap.EINVALID, argmap.ENOTFOUND
	)
	return []errorFieldCase{
		{"Query.actor", "unknown id", `{ actor(id: "atlantis") { id } }`, nil, gone, "id"},
		{"Query.actors", "first", `{ actors(first: 0) { totalCount } }`, nil, bad, "first"},
		{"Query.actors", "after", `{ actors(after: "nope") { totalCount } }`, nil, bad, "after"},
		{"Query.claim", "unknown id", `{ claim(id: "atlantis/x") { id } }`, nil, gone, "id"},
		{"Query.claims", "first", `{ claims(first: 101) { totalCount } }`, nil, bad, "first"},
		{"Query.claims", "after", `{ claims(after: "nope") { totalCount } }`, nil, bad, "after"},
		{"Query.claims", "from after to", `{ claims(filter: {published: {from: "2025-12-01", to: "2025-01-01"}}) { totalCount } }`, nil, bad, "filter.published"},
		{"Query.claims", "malformed date", `{ claims(filter: {published: {to: "2025-13-45"}}) { totalCount } }`, nil, bad, "filter.published.to"},
		{"Query.document", "unknown id", `{ document(id: "atlantis") { id } }`, nil, gone, "id"},
		{"Query.documents", "first", `{ documents(first: 0) { totalCount } }`, nil, bad, "first"},
		{"Query.documents", "after", `{ documents(after: "nope") { totalCount } }`, nil, bad, "after"},
		{"Query.documents", "from after to", `{ documents(filter: {published: {from: "2025-12-01", to: "2025-01-01"}}) { totalCount } }`, nil, bad, "filter.published"},
		{"Query.documents", "malformed date", `{ documents(filter: {published: {from: "yesterday"}}) { totalCount } }`, nil, bad, "filter.published.from"},
		{"Query.search", "no words", `{ search(query: "  ") { score } }`, nil, bad, "query"},
		{"Query.search", "first", `{ search(query: "hts", first: 0) { score } }`, nil, bad, "first"},
		{"Query.argumentTree", "empty claim", `{ argumentTree(claim: "") { root { id } } }`, nil, bad, "claim"},
		{"Query.argumentTree", "unknown claim", `{ argumentTree(claim: "atlantis/x") { root { id } } }`, nil, gone, "claim"},
		{"Query.argumentTree", "depth", `{ argumentTree(claim: "` + doc + `/thesis", depth: 7) { root { id } } }`, nil, bad, "depth"},
		{"Query.mostConnectedActors", "first", `{ mostConnectedActors(first: 0) { degree } }`, nil, bad, "first"},

		{"Actor.relations", "first", `{ actor(id: "hts") { relations(first: 0) { id } } }`, nil, bad, "first"},
		{"Actor.relations", "from after to", `{ actor(id: "hts") { relations(published: {from: "2026-01-01", to: "2025-01-01"}) { id } } }`, nil, bad, "published"},
		{"Actor.relations", "malformed date", `{ actor(id: "hts") { relations(published: {from: "2025-02-30"}) { id } } }`, nil, bad, "published.from"},
		{"Actor.claims", "first", `{ actor(id: "hts") { claims(first: 0) { id } } }`, nil, bad, "first"},
		{"Actor.neighbourhood", "depth", `{ actor(id: "hts") { neighbourhood(depth: 4) { truncated } } }`, nil, bad, "depth"},
		{"Document.claims", "first", `{ document(id: "` + doc + `") { claims(first: 0) { id } } }`, nil, bad, "first"},

		{"Mutation.createDocument", "empty title", `mutation { createDocument(input: {id: "d-new", title: "", published: "2025-01-01", text: "Some text."}) { id } }`, nil, bad, "title"},
		{"Mutation.createDocument", "id with a slash", `mutation { createDocument(input: {id: "d/new", title: "T", published: "2025-01-01", text: "Some text."}) { id } }`, nil, bad, "id"},
		{"Mutation.createDocument", "malformed date", `mutation { createDocument(input: {id: "d-new", title: "T", published: "2025-02-30", text: "Some text."}) { id } }`, nil, bad, "published"},
		{"Mutation.createDocument", "id taken", `mutation { createDocument(input: {id: "` + doc + `", title: "T", published: "2025-01-01", text: "Some text."}) { id } }`, nil, argmap.ECONFLICT, "id"},
		{"Mutation.deleteDocument", "unknown id", `mutation { deleteDocument(id: "atlantis") }`, nil, gone, "id"},
		{"Mutation.addClaim", "unknown document", addClaim, claimIn(func(c map[string]any) { c["documentId"] = "atlantis" }), gone, "documentId"},
		{"Mutation.addClaim", "empty text", addClaim, claimIn(func(c map[string]any) { c["text"] = "" }), bad, "text"},
		{"Mutation.addClaim", "no quotes", addClaim, claimIn(func(c map[string]any) { c["quotes"] = []any{} }), bad, "quotes"},
		{"Mutation.addClaim", "absent quote", addClaim, claimIn(func(c map[string]any) { c["quotes"] = []any{map[string]any{"exact": "Atlantis"}} }), bad, "quotes[0].exact"},
		{"Mutation.addClaim", "offsets out of range", addClaim, claimIn(func(c map[string]any) {
			c["quotes"] = []any{map[string]any{"exact": "Syria", "start": 0, "end": 1000000}}
		}), bad, "quotes[0].start"},
		{"Mutation.addClaim", "id taken", addClaim, claimIn(func(c map[string]any) { c["id"] = "thesis" }), argmap.ECONFLICT, "id"},
		{"Mutation.linkClaims", "unknown from", linkClaims, linkIn(func(l map[string]any) { l["from"] = doc + "/atlantis" }), gone, "from"},
		{"Mutation.linkClaims", "unknown to", linkClaims, linkIn(func(l map[string]any) { l["to"] = doc + "/atlantis" }), gone, "to"},
		{"Mutation.linkClaims", "self link", linkClaims, linkIn(func(l map[string]any) { l["to"] = l["from"] }), bad, "to"},
		{"Mutation.linkClaims", "support with a kind", linkClaims, linkIn(func(l map[string]any) { l["kind"] = "REBUT" }), bad, "kind"},
		{"Mutation.linkClaims", "undercut of a claim", linkClaims, linkIn(func(l map[string]any) { l["type"], l["kind"] = "ATTACKS", "UNDERCUT" }), bad, "to"},
		{"Mutation.createActor", "empty name", `mutation { createActor(input: {id: "a-new", name: "", type: PERSON}) { id } }`, nil, bad, "name"},
		{"Mutation.createActor", "alias of another actor", `mutation { createActor(input: {id: "a-new", name: "Someone", type: PERSON, aliases: ["HTS"]}) { id } }`, nil, bad, "aliases"},
		{"Mutation.createActor", "empty alias", `mutation { createActor(input: {id: "a-new", name: "Someone", type: PERSON, aliases: ["x", ""]}) { id } }`, nil, bad, "aliases[1]"},
		{"Mutation.mergeActors", "same actor", `mutation { mergeActors(survivor: "hts", merged: "hts") { id } }`, nil, bad, "merged"},
		{"Mutation.mergeActors", "unknown survivor", `mutation { mergeActors(survivor: "atlantis", merged: "hts") { id } }`, nil, gone, "survivor"},
		{"Mutation.mergeActors", "unknown merged", `mutation { mergeActors(survivor: "hts", merged: "atlantis") { id } }`, nil, gone, "merged"},
		{"Mutation.updateDocument", "unknown id", `mutation { updateDocument(id: "atlantis", input: {source: "x"}) { id } }`, nil, gone, "id"},
		{"Mutation.updateDocument", "empty title", `mutation { updateDocument(id: "` + doc + `", input: {title: ""}) { id } }`, nil, bad, "title"},
		{"Mutation.updateDocument", "malformed date", `mutation { updateDocument(id: "` + doc + `", input: {published: 20250101}) { id } }`, nil, bad, "published"},
		{"Mutation.updateClaim", "unknown id", `mutation { updateClaim(id: "atlantis/x", input: {text: "x"}) { id } }`, nil, gone, "id"},
		{"Mutation.updateClaim", "empty text", `mutation { updateClaim(id: "` + doc + `/thesis", input: {text: ""}) { id } }`, nil, bad, "text"},
		{"Mutation.deleteClaim", "unknown id", `mutation { deleteClaim(id: "atlantis/x") }`, nil, gone, "id"},
		{"Mutation.updateActor", "unknown id", `mutation { updateActor(id: "atlantis", input: {description: "x"}) { id } }`, nil, gone, "id"},
		{"Mutation.updateActor", "empty name", `mutation { updateActor(id: "hts", input: {name: ""}) { id } }`, nil, bad, "name"},
		{"Mutation.updateActor", "empty alias", `mutation { updateActor(id: "hts", input: {aliases: [""]}) { id } }`, nil, bad, "aliases[0]"},
		{"Mutation.addMention", "unknown claim", addMention, mentionIn(func(m map[string]any) { m["claimId"] = doc + "/atlantis" }), gone, "claimId"},
		{"Mutation.addMention", "unknown actor", addMention, mentionIn(func(m map[string]any) { m["actorId"] = "atlantis" }), gone, "actorId"},
		{"Mutation.addMention", "absent quote", addMention, mentionIn(func(m map[string]any) { m["quote"] = map[string]any{"exact": "Atlantis"} }), bad, "quote.exact"},
		{"Mutation.addRelation", "unknown document", addRelation, relationIn(func(r map[string]any) { r["documentId"] = "atlantis" }), gone, "documentId"},
		{"Mutation.addRelation", "unknown from", addRelation, relationIn(func(r map[string]any) { r["from"] = "atlantis" }), gone, "from"},
		{"Mutation.addRelation", "unknown to", addRelation, relationIn(func(r map[string]any) { r["to"] = "atlantis" }), gone, "to"},
		{"Mutation.addRelation", "self relation", addRelation, relationIn(func(r map[string]any) { r["to"] = "hts" }), bad, "to"},
		{"Mutation.addRelation", "no evidence", addRelation, relationIn(func(r map[string]any) { r["evidence"] = []any{} }), bad, "evidence"},
		{"Mutation.addRelation", "unknown evidence", addRelation, relationIn(func(r map[string]any) { r["evidence"] = []any{doc + "/thesis", doc + "/atlantis"} }), gone, "evidence[1]"},
		{"Mutation.addRelation", "absent quote", addRelation, relationIn(func(r map[string]any) { r["quotes"] = []any{map[string]any{"exact": "Atlantis"}} }), bad, "quotes[0].exact"},
	}
}

// mapErrorFieldCases are the errors of importMap and importAIF, whose
// argument is a whole document: extensions.field names a place in it (a
// map-file path; an item's own field, with the item in problems[].item).
var mapErrorFieldCases = []errorFieldCase{
	{"Mutation.importMap", "no version", `mutation { importMap(map: "document: {id: x}") { replaced } }`, nil, argmap.EINVALID, "version"},
	{"Mutation.importMap", "malformed date", `mutation { importMap(map: "version: 1\ndocument: {id: x, title: T, published: 2025-02-30, text: abc}") { replaced } }`, nil, argmap.EINVALID, "document.published"},
	{"Mutation.importAIF", "not AIF", `mutation { importAIF(aif: "{\"nodes\": 3}") { replaced } }`, nil, argmap.EINVALID, "nodes"},
}

// noArgumentErrors are the fields with arguments whose arguments can only
// be wrong in ways the document's validation or the variables' coercion
// refuses before any resolver runs (enums, lists of enums), or whose
// errors another test checks.
var noArgumentErrors = map[string]string{
	"Claim.links":        "enum arguments only",
	"Query.paths":        "TestExploreErrorFields",
	"Query.claimPaths":   "TestExploreErrorFields",
	"Query.riskChains":   "TestExploreErrorFields",
	"Mutation.importMap": "mapErrorFieldCases",
	"Mutation.importAIF": "mapErrorFieldCases",
}

// TestErrorFields checks the convention of extensions.field (README,
// "Errors"): it names the argument at fault, or a path within an
// input-object argument (filter.published.from, quotes[0].exact); the
// `input` argument of a mutation is left out of the path. Every field with
// arguments must have a case, so a new field without one fails here.
func TestErrorFields(t *testing.T) {
	schema := mustLoadSchema(t)
	_, db, _ := MustSeeded(t)
	srv := MustWriteServer(t, db, false)

	covered := map[string]bool{}
	for _, tt := range append(errorFieldCases(), mapErrorFieldCases...) {
		covered[tt.field] = true
		t.Run(tt.field+"/"+tt.name, func(t *testing.T) {
			r := do(t, srv, writeToken, tt.query, tt.vars)
			if len(r.Errors) != 1 {
				t.Fatalf("errors = %+v, want one", r.Errors)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != tt.code || e.Extensions["field"] != tt.want {
				t.Fatalf("error = %q %v, want %s on %s", e.Message, e.Extensions, tt.code, tt.want)
			}
			if strings.HasPrefix(tt.field, "Mutation.import") {
				return
			}
			typ, name, _ := strings.Cut(tt.field, ".")
			def := schema.Types[typ].Fields.ForName(name)
			if def == nil {
				t.Fatalf("the schema has no field %s", tt.field)
			}
			if err := resolveErrorField(schema, def, typ == "Mutation", tt.want); err != nil {
				t.Errorf("field %q: %v", tt.want, err)
			}
		})
	}

	for _, typ := range schema.Types {
		if typ.Kind != ast.Object || strings.HasPrefix(typ.Name, "__") {
			continue
		}
		for _, f := range typ.Fields {
			name := typ.Name + "." + f.Name
			if len(f.Arguments) == 0 || strings.HasPrefix(f.Name, "__") {
				continue
			}
			if err := checkUnambiguous(schema, f, typ.Name == "Mutation"); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if _, ok := noArgumentErrors[name]; ok {
				continue
			}
			if !covered[name] {
				t.Errorf("%s has arguments but no case in errorFieldCases (or a reason in noArgumentErrors)", name)
			}
		}
	}
}

func mustLoadSchema(tb testing.TB) *ast.Schema {
	tb.Helper()
	b, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		tb.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(b)})
	if gerr != nil {
		tb.Fatal(gerr)
	}
	return schema
}

// errorFieldScope is what the first segment of an error field may name:
// the arguments, and for a mutation the fields of its input argument.
func errorFieldScope(schema *ast.Schema, def *ast.FieldDefinition, mutation bool) map[string]*ast.Type {
	scope := map[string]*ast.Type{}
	for _, a := range def.Arguments {
		scope[a.Name] = a.Type
	}
	if in := def.Arguments.ForName("input"); mutation && in != nil {
		for _, f := range schema.Types[in.Type.Name()].Fields {
			scope[f.Name] = f.Type
		}
	}
	return scope
}

// checkUnambiguous fails when leaving a mutation's input out of the path
// would make a field name both an argument and an input field.
func checkUnambiguous(schema *ast.Schema, def *ast.FieldDefinition, mutation bool) error {
	in := def.Arguments.ForName("input")
	if in == nil {
		return nil
	}
	if !mutation {
		return fmt.Errorf("an argument named input outside Mutation would be left out of error fields")
	}
	for _, f := range schema.Types[in.Type.Name()].Fields {
		if def.Arguments.ForName(f.Name) != nil {
			return fmt.Errorf("input field %s is also an argument: extensions.field %q would be ambiguous", f.Name, f.Name)
		}
	}
	return nil
}

var segmentPattern = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)((?:\[[0-9]+\])*)$`)

// resolveErrorField checks that field is a path the schema has: an
// argument of def (or, in a mutation, a field of its input), then input
// fields, each followed by [i] for every list level it goes into.
func resolveErrorField(schema *ast.Schema, def *ast.FieldDefinition, mutation bool, field string) error {
	scope := errorFieldScope(schema, def, mutation)
	for i, seg := range strings.Split(field, ".") {
		m := segmentPattern.FindStringSubmatch(seg)
		if m == nil {
			return fmt.Errorf("segment %q is not a name with optional [i]", seg)
		}
		typ, ok := scope[m[1]]
		if !ok {
			return fmt.Errorf("%q names no argument or input field here (segment %d)", m[1], i)
		}
		for _, idx := range strings.Split(m[2], "]") {
			if idx == "" {
				continue
			}
			if _, err := strconv.Atoi(strings.TrimPrefix(idx, "[")); err != nil || typ.Elem == nil {
				return fmt.Errorf("%q indexes %s, which is not a list", seg, typ)
			}
			typ = typ.Elem
		}
		scope = map[string]*ast.Type{}
		if t := schema.Types[typ.Name()]; t != nil && t.Kind == ast.InputObject && typ.Elem == nil {
			for _, f := range t.Fields {
				scope[f.Name] = f.Type
			}
		}
	}
	return nil
}
