package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

const (
	writeToken = "test-write-token-0123456789"
	readToken  = "test-read-token-0123456789"
)

// MustWriteServer serves the real handler with a write and a read token.
func MustWriteServer(tb testing.TB, db *neo4j.DB, readRequiresToken bool) *httptest.Server {
	tb.Helper()
	opts := graph.DefaultOptions()
	opts.Tokens = &argmap.Tokens{}
	opts.Tokens.Add(writeToken, argmap.RoleWrite)
	opts.Tokens.Add(readToken, argmap.RoleRead)
	opts.ReadRequiresToken = readRequiresToken
	h := graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db, Write: db, Edit: db, Maps: db}, opts, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv
}

// do posts an operation with an optional bearer token.
func do(tb testing.TB, srv *httptest.Server, token, query string, vars map[string]any) response {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var r response
	b, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(b, &r); err != nil {
		tb.Fatalf("body %q: %v", b, err)
	}
	return r
}

func errorCode(r response) any {
	if len(r.Errors) == 0 {
		return nil
	}
	return r.Errors[0].Extensions["code"]
}

const createActor = `mutation($id: ID!) { createActor(input: {id: $id, name: "Hamas", type: ARMED_GROUP, aliases: ["Harakat al-Muqawama al-Islamiya"]}) { id name aliases } }`

func TestWriteAccess(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	srv := MustWriteServer(t, db, false)
	vars := map[string]any{"id": "hamas"}
	tests := []struct {
		name, token string
		code        any
	}{
		{"no token", "", argmap.EUNAUTHENTICATED},
		{"unknown token", "not-a-valid-token-at-all", argmap.EUNAUTHENTICATED},
		{"read-only token", readToken, argmap.EFORBIDDEN},
		{"write token", writeToken, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := errorCode(do(t, srv, tt.token, createActor, vars)); code != tt.code {
				t.Errorf("code = %v, want %v", code, tt.code)
			}
		})
	}
	// Reads are open by default.
	if r := do(t, srv, "", `{ actor(id: "hamas") { name } }`, nil); len(r.Errors) > 0 {
		t.Errorf("open read: %+v", r.Errors)
	}

	closed := MustWriteServer(t, db, true)
	if code := errorCode(do(t, closed, "", `{ actor(id: "hamas") { name } }`, nil)); code != argmap.EUNAUTHENTICATED {
		t.Errorf("closed read without token: code %v", code)
	}
	if r := do(t, closed, readToken, `{ actor(id: "hamas") { name } }`, nil); len(r.Errors) > 0 {
		t.Errorf("closed read with read token: %+v", r.Errors)
	}
}

func TestCreateDocumentAndClaims(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	srv := MustWriteServer(t, db, false)
	d := neo4jtest.Driver(t)
	const text = "The SDF may join the army. The army may absorb the SDF. Damascus welcomes it."
	doc := map[string]any{"id": "note-1", "title": "A note", "published": "2026-01-05", "text": text}
	const createDoc = `mutation($d: DocumentInput!) { createDocument(input: $d) { id sha256 published } }`
	r := do(t, srv, writeToken, createDoc, map[string]any{"d": doc})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data["createDocument"]), `"published":"2026-01-05"`) {
		t.Fatalf("createDocument: %s %+v", r.Data["createDocument"], r.Errors)
	}
	// A retry is harmless; the same id with other content is a conflict.
	if r := do(t, srv, writeToken, createDoc, map[string]any{"d": doc}); len(r.Errors) > 0 {
		t.Errorf("retried createDocument: %+v", r.Errors)
	}
	doc2 := map[string]any{"id": "note-1", "title": "Another title", "published": "2026-01-05", "text": text}
	if code := errorCode(do(t, srv, writeToken, createDoc, map[string]any{"d": doc2})); code != argmap.ECONFLICT {
		t.Errorf("conflicting createDocument: code %v", code)
	}

	const addClaim = `mutation($c: ClaimInput!) { addClaim(input: $c) { id quotes { exact start end prefix } document { id } } }`
	claim := func(id, exact string, start any) map[string]any {
		q := map[string]any{"exact": exact}
		if start != nil {
			q["start"], q["end"] = start, start.(int)+len([]rune(exact))
		}
		return map[string]any{"c": map[string]any{"id": id, "documentId": "note-1", "text": "x", "role": "PREMISE",
			"modality": "PREDICTION", "hedging": "POSSIBLE", "quotes": []any{q}}}
	}
	t.Run("quote located by its words", func(t *testing.T) {
		r := do(t, srv, writeToken, addClaim, claim("c1", "Damascus welcomes it.", nil))
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data["addClaim"]), `"start":56`) {
			t.Errorf("addClaim: %s %+v", r.Data["addClaim"], r.Errors)
		}
	})
	before := neo4jtest.Fingerprint(t, d)
	bad := []struct {
		name, field, message string
		vars                 map[string]any
	}{
		{"ambiguous quote", "quotes[0].exact", "occurs 2 times", claim("c2", "SDF", nil)},
		{"absent quote", "quotes[0].exact", "does not occur", claim("c3", "Moscow", nil)},
		{"offset mismatch", "quotes[0].exact", "differs from exact", claim("c4", "The army", 0)},
		{"unknown document", "documentId", "no document", map[string]any{"c": map[string]any{"id": "c5", "documentId": "nope", "text": "x", "role": "PREMISE",
			"modality": "ASSERTION", "hedging": "NONE", "quotes": []any{map[string]any{"exact": "x"}}}}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, writeToken, addClaim, tt.vars)
			if len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, tt.message) || r.Errors[0].Extensions["field"] != tt.field {
				t.Fatalf("errors = %+v, want one naming %s (%s)", r.Errors, tt.field, tt.message)
			}
		})
	}
	if after := neo4jtest.Fingerprint(t, d); after != before {
		t.Error("rejected mutations changed the graph")
	}

	t.Run("links", func(t *testing.T) {
		do(t, srv, writeToken, addClaim, claim("c6", "The army may absorb the SDF.", nil))
		const link = `mutation($l: LinkInput!) { linkClaims(input: $l) { id type kind from { id } to { id } undercutsLinkId } }`
		r := do(t, srv, writeToken, link, map[string]any{"l": map[string]any{"id": "l1", "type": "SUPPORTS", "from": "note-1/c6", "to": "note-1/c1"}})
		if len(r.Errors) > 0 {
			t.Fatalf("support: %+v", r.Errors)
		}
		do(t, srv, writeToken, addClaim, claim("c7", "The SDF may join the army.", nil))
		r = do(t, srv, writeToken, link, map[string]any{"l": map[string]any{"id": "l2", "type": "ATTACKS", "kind": "UNDERCUT", "from": "note-1/c7", "to": "note-1/l1"}})
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data["linkClaims"]), `"undercutsLinkId":"note-1/l1"`) || !strings.Contains(string(r.Data["linkClaims"]), `"to":{"id":"note-1/c1"}`) {
			t.Errorf("undercut: %s %+v", r.Data["linkClaims"], r.Errors)
		}
		r = do(t, srv, writeToken, link, map[string]any{"l": map[string]any{"id": "l3", "type": "ATTACKS", "kind": "UNDERCUT", "from": "note-1/c7", "to": "note-1/c1"}})
		if code := errorCode(r); code != argmap.EINVALID {
			t.Errorf("undercut of a claim: code %v", code)
		}
	})

	t.Run("delete", func(t *testing.T) {
		if r := do(t, srv, writeToken, `mutation { deleteDocument(id: "note-1") }`, nil); len(r.Errors) > 0 {
			t.Fatalf("delete: %+v", r.Errors)
		}
		if n := neo4jtest.Run(t, d, "MATCH (n) WHERE n:Document OR n:Claim RETURN count(n)", nil)[0].Values[0].(int64); n != 0 {
			t.Errorf("%d documents and claims left after the delete", n)
		}
		if code := errorCode(do(t, srv, writeToken, `mutation { deleteDocument(id: "note-1") }`, nil)); code != argmap.ENOTFOUND {
			t.Errorf("second delete: code %v", code)
		}
	})
}

func TestMergeActors(t *testing.T) {
	_, db, _ := MustSeeded(t)
	srv := MustWriteServer(t, db, false)
	d := neo4jtest.Driver(t)
	count := func(id string) int64 {
		return neo4jtest.Run(t, d, "MATCH (a:Actor {id: $id})-[r]-() WHERE NOT r:PART_OF AND NOT r:MERGED_INTO RETURN count(r)", map[string]any{"id": id})[0].Values[0].(int64)
	}
	before := count("muhajirun") + count("french-fighters")
	r := do(t, srv, writeToken, `mutation { mergeActors(survivor: "muhajirun", merged: "french-fighters") { id aliases } }`, nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data["mergeActors"]), "French fighters in Idlib") {
		t.Fatalf("merge: %s %+v", r.Data["mergeActors"], r.Errors)
	}
	if after := count("muhajirun"); after != before {
		t.Errorf("muhajirun has %d relationships after the merge, want %d (its own plus the merged actor's)", after, before)
	}
	if n := neo4jtest.Run(t, d, "MATCH (a:Actor {id: 'french-fighters'}) RETURN count(a)", nil)[0].Values[0].(int64); n != 0 {
		t.Error("the merged actor still exists")
	}
	var got struct{ Actor struct{ ID string } }
	mustQuery(t, srv, `{ actor(id: "french-fighters") { id } }`, nil, &got)
	if got.Actor.ID != "muhajirun" {
		t.Errorf("the merged id resolves to %q, want muhajirun", got.Actor.ID)
	}
	// A retry of the same merge is harmless.
	if r := do(t, srv, writeToken, `mutation { mergeActors(survivor: "muhajirun", merged: "french-fighters") { id } }`, nil); len(r.Errors) > 0 {
		t.Errorf("retried merge: %+v", r.Errors)
	}
	if code := errorCode(do(t, srv, writeToken, `mutation { mergeActors(survivor: "hts", merged: "hts") { id } }`, nil)); code != argmap.EINVALID {
		t.Errorf("self merge: code %v", code)
	}
}

// TestConcurrentWriters sends 50 concurrent writers at the same actor,
// document, claims and link: every one succeeds (the ids make them the same
// write) and nothing is duplicated.
func TestConcurrentWriters(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	srv := MustWriteServer(t, db, false)
	d := neo4jtest.Driver(t)
	const text = "Hamas rejects the plan. The plan fails."
	ops := []struct {
		query string
		vars  map[string]any
	}{
		{createActor, map[string]any{"id": "hamas"}},
		{`mutation($d: DocumentInput!) { createDocument(input: $d) { id } }`, map[string]any{"d": map[string]any{"id": "doc-c", "title": "T", "published": "2026-02-01", "text": text}}},
	}
	run := func(query string, vars map[string]any) []response {
		var wg sync.WaitGroup
		out := make([]response, 50)
		for i := range out {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				out[i] = do(t, srv, writeToken, query, vars)
			}(i)
		}
		wg.Wait()
		return out
	}
	for _, op := range ops {
		for _, r := range run(op.query, op.vars) {
			if len(r.Errors) > 0 {
				t.Fatalf("a concurrent writer failed: %+v", r.Errors)
			}
		}
	}
	claim := func(id, exact string) map[string]any {
		return map[string]any{"c": map[string]any{"id": id, "documentId": "doc-c", "text": exact, "role": "PREMISE", "modality": "ASSERTION",
			"hedging": "NONE", "quotes": []any{map[string]any{"exact": exact}}}}
	}
	for _, c := range [][2]string{{"a", "Hamas rejects the plan."}, {"b", "The plan fails."}} {
		for _, r := range run(`mutation($c: ClaimInput!) { addClaim(input: $c) { id } }`, claim(c[0], c[1])) {
			if len(r.Errors) > 0 {
				t.Fatalf("a concurrent addClaim failed: %+v", r.Errors)
			}
		}
	}
	for _, r := range run(`mutation { linkClaims(input: {id: "l", type: SUPPORTS, from: "doc-c/a", to: "doc-c/b"}) { id } }`, nil) {
		if len(r.Errors) > 0 {
			t.Fatalf("a concurrent linkClaims failed: %+v", r.Errors)
		}
	}
	for q, want := range map[string]int64{
		"MATCH (a:Actor {id: 'hamas'}) RETURN count(a)":             1,
		"MATCH (d:Document {id: 'doc-c'}) RETURN count(d)":          1,
		"MATCH (c:Claim) RETURN count(c)":                           2,
		"MATCH ()-[f:FROM]->() RETURN count(f)":                     2,
		"MATCH ()-[r:SUPPORTS {id: 'doc-c/l'}]->() RETURN count(r)": 1,
	} {
		if n := neo4jtest.Run(t, d, q, nil)[0].Values[0].(int64); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
}

func TestEditMutations(t *testing.T) {
	_, db, seed := MustSeeded(t)
	srv := MustWriteServer(t, db, false)
	d := neo4jtest.Driver(t)
	ok := func(t *testing.T, query string, vars map[string]any) response {
		t.Helper()
		r := do(t, srv, writeToken, query, vars)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", query, r.Errors)
		}
		return r
	}
	t.Run("updateDocument", func(t *testing.T) {
		r := ok(t, `mutation { updateDocument(id: "syria-anti-isis-gamble", input: {source: "Edited source"}) { title source } }`, nil)
		if !strings.Contains(string(r.Data["updateDocument"]), `"source":"Edited source"`) || !strings.Contains(string(r.Data["updateDocument"]), seed.Document.Title) {
			t.Errorf("updateDocument = %s", r.Data["updateDocument"])
		}
	})
	t.Run("updateClaim", func(t *testing.T) {
		r := ok(t, `mutation { updateClaim(id: "syria-anti-isis-gamble/thesis", input: {hedging: LIKELY}) { hedging text } }`, nil)
		if !strings.Contains(string(r.Data["updateClaim"]), `"hedging":"LIKELY"`) {
			t.Errorf("updateClaim = %s", r.Data["updateClaim"])
		}
		if code := errorCode(do(t, srv, writeToken, `mutation { updateClaim(id: "x/none", input: {text: "t"}) { id } }`, nil)); code != argmap.ENOTFOUND {
			t.Errorf("unknown claim: code %v", code)
		}
	})
	t.Run("updateActor keeps hand aliases across a reload", func(t *testing.T) {
		ok(t, `mutation { updateActor(id: "sdf", input: {aliases: ["QSD"], type: ARMED_GROUP}) { aliases } }`, nil)
		if _, err := db.ImportMap(context.Background(), MustSeedMap(t), nil); err != nil {
			t.Fatal(err)
		}
		var got struct{ Actor struct{ Aliases []string } }
		mustQuery(t, srv, `{ actor(id: "sdf") { aliases } }`, nil, &got)
		if !slices.Contains(got.Actor.Aliases, "QSD") || !slices.Contains(got.Actor.Aliases, "SDF") {
			t.Errorf("aliases after reload = %v", got.Actor.Aliases)
		}
	})
	t.Run("addMention and addRelation", func(t *testing.T) {
		ok(t, `mutation { createActor(input: {id: "france", name: "France", type: STATE}) { id } }`, nil)
		r := ok(t, `mutation { addMention(input: {claimId: "syria-anti-isis-gamble/idlib-standoff", actorId: "france", role: CONTEXT, quote: {exact: "French fighters"}}) { actors { actor { id } role } } }`, nil)
		if !strings.Contains(string(r.Data["addMention"]), `"id":"france"`) {
			t.Errorf("addMention = %s", r.Data["addMention"])
		}
		r = ok(t, `mutation { addRelation(input: {id: "r-france", documentId: "syria-anti-isis-gamble", type: HOSTILE_TO, from: "french-fighters", to: "france",
			modality: POTENTIAL, evidence: ["syria-anti-isis-gamble/idlib-standoff"], quotes: [{exact: "French fighters"}]}) { id type from { id } to { id } quotes { start } } }`, nil)
		if !strings.Contains(string(r.Data["addRelation"]), `"id":"syria-anti-isis-gamble/r-france"`) {
			t.Errorf("addRelation = %s", r.Data["addRelation"])
		}
		if code := errorCode(do(t, srv, writeToken, `mutation { addRelation(input: {id: "r2", documentId: "syria-anti-isis-gamble", type: HOSTILE_TO, from: "france", to: "atlantis",
			modality: ACTUAL, evidence: ["syria-anti-isis-gamble/idlib-standoff"], quotes: [{exact: "French fighters"}]}) { id } }`, nil)); code != argmap.ENOTFOUND {
			t.Errorf("unknown actor: code %v", code)
		}
	})
	t.Run("deleteClaim leaves nothing dangling", func(t *testing.T) {
		ok(t, `mutation { deleteClaim(id: "syria-anti-isis-gamble/coalition-at-odds") }`, nil)
		for _, q := range []string{
			"MATCH ()-[r]->() WHERE 'syria-anti-isis-gamble/coalition-at-odds' IN r.evidence RETURN count(r)",
			"MATCH ()-[r]->() WHERE r.evidence IS NOT NULL AND size(r.evidence) = 0 RETURN count(r)",
			"MATCH ()-[u:ATTACKS]->() WHERE u.targetLink IS NOT NULL AND NOT EXISTS { MATCH ()-[s:SUPPORTS {id: u.targetLink}]->() } RETURN count(u)",
		} {
			if n := neo4jtest.Run(t, d, q, nil)[0].Values[0].(int64); n != 0 {
				t.Errorf("%s = %d", q, n)
			}
		}
		// The map left behind still validates as a whole.
		m, err := db.DocumentMap(context.Background(), "syria-anti-isis-gamble")
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("the map after deleteClaim is not valid: %v", err)
		}
	})
	t.Run("importMap", func(t *testing.T) {
		const m = `{"version": 1, "document": {"id": "tiny", "title": "Tiny", "published": "2026-03-01", "text": "Russia backs Damascus."},
			"actors": [{"id": "russia", "name": "Russia", "type": "state", "mentions": [{"exact": "Russia"}]},
			           {"id": "syrian-government", "name": "Syrian transitional government", "type": "government", "mentions": [{"exact": "Damascus"}]}],
			"claims": [{"id": "c", "text": "Russia backs Damascus.", "role": "thesis", "modality": "assertion", "hedging": "none", "quotes": [{"exact": "Russia backs Damascus."}]}],
			"relations": [{"id": "r", "type": "supports", "from": "russia", "to": "syrian-government", "modality": "actual", "evidence": ["c"], "quotes": [{"exact": "backs"}]}]}`
		r := ok(t, `mutation($m: String!) { importMap(map: $m) { replaced document { id } nodes { kind count } } }`, map[string]any{"m": m})
		if !strings.Contains(string(r.Data["importMap"]), `"replaced":false`) {
			t.Errorf("importMap = %s", r.Data["importMap"])
		}
		bad := strings.Replace(m, `"hedging": "none"`, `"hedging": "sure"`, 1)
		r = do(t, srv, writeToken, `mutation($m: String!) { importMap(map: $m) { replaced } }`, map[string]any{"m": bad})
		if errorCode(r) != argmap.EINVALID || r.Errors[0].Extensions["problems"] == nil {
			t.Errorf("bad map: %+v", r.Errors)
		}
	})
}

// MustSeedMap reads the seed map file.
func MustSeedMap(tb testing.TB) *argmap.Map {
	tb.Helper()
	m, err := mapfile.ReadFile(seedPath)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestBearerSchemeCaseInsensitive: the auth scheme's name is
// case-insensitive (issue 11: "bearer <token>" was refused); a header of
// another scheme, or without a token, is still refused.
func TestBearerSchemeCaseInsensitive(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	srv := MustWriteServer(t, db, false)
	for i, tt := range []struct {
		header string
		code   any
	}{
		{"bearer " + writeToken, nil},
		{"BEARER " + writeToken, nil},
		{"Bearer   " + writeToken + " ", nil},
		{"Basic " + writeToken, argmap.EUNAUTHENTICATED},
		{"Bearer", argmap.EUNAUTHENTICATED},
		{"Bearer" + writeToken, argmap.EUNAUTHENTICATED},
	} {
		create := `mutation($id: ID!, $name: String!) { createActor(input: {id: $id, name: $name, type: ARMED_GROUP}) { id } }`
		vars := map[string]any{"id": fmt.Sprintf("group-%d", i), "name": fmt.Sprintf("Group %d", i)}
		body, _ := json.Marshal(map[string]any{"query": create, "variables": vars})
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", tt.header)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var r response
		err = json.NewDecoder(res.Body).Decode(&r)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if code := errorCode(r); code != tt.code {
			t.Errorf("Authorization %q: code %v, want %v", tt.header, code, tt.code)
		}
	}
}

// TestClosedReadsLeakNoSchema: with reads closed, a caller without a token
// learns nothing of the schema from errors (issue 11: validation errors
// with "Did you mean …" and input field names reached it): every document,
// valid or not, answers 401 UNAUTHENTICATED with no data entry, before
// parsing; a read token gets the usual validation error.
func TestClosedReadsLeakNoSchema(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	closed := MustWriteServer(t, db, true)
	for _, q := range []string{`{ actr(id: "hts") { name } }`, `{ claims(filter: {publishd: {}}) { totalCount } }`, `{ __schema { types { name } } }`, `{ nope`} {
		body, _ := json.Marshal(map[string]any{"query": q})
		res, err := http.Post(closed.URL, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var r struct {
			Data   *json.RawMessage
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %s", q, b)
		}
		if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" || len(r.Errors) != 1 ||
			r.Errors[0].Extensions["code"] != argmap.EUNAUTHENTICATED || r.Data != nil || bytes.Contains(b, []byte("data")) {
			t.Errorf("%s: status %d, body %s", q, res.StatusCode, b)
		}
		for _, leak := range []string{"Did you mean", "actor", "published", "Query"} {
			if strings.Contains(r.Errors[0].Message, leak) {
				t.Errorf("%s: message %q tells %q", q, r.Errors[0].Message, leak)
			}
		}
	}
	if code := errorCode(do(t, closed, readToken, `{ actr(id: "hts") { name } }`, nil)); code != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("with a read token: code %v, want a validation error", code)
	}
}
