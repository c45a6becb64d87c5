package neo4j_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	neo4jdriver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// bulkCorpus is the seed map followed by n synthetic maps, fresh (maps are
// completed in place by validation).
func bulkCorpus(tb testing.TB, n int) []*argmap.Map {
	return append([]*argmap.Map{MustSeed(tb)}, neo4jtest.Corpus(n, "")...)
}

func fingerprintOf(m *argmap.Map) string { return "test:" + m.Document.ID + ":" + m.Document.SHA256 }

// bulkInputs validates maps and summarises them as the bulk loader does.
func bulkInputs(tb testing.TB, maps []*argmap.Map) []neo4j.BulkInput {
	tb.Helper()
	inputs := make([]neo4j.BulkInput, len(maps))
	for i, m := range maps {
		if err := m.Validate(); err != nil {
			tb.Fatal(err)
		}
		inputs[i] = neo4j.NewBulkInput(fmt.Sprintf("file-%d.json", i), fingerprintOf(m), m)
	}
	return inputs
}

// bulkLoad loads maps the way argmap bulk does, sequentially: plan,
// batches of about batch elements, actor aliases. It returns the plan and
// what the batches created.
func bulkLoad(tb testing.TB, db *neo4j.DB, maps []*argmap.Map, batch int64) (*neo4j.BulkPlan, neo4j.BulkWritten) {
	tb.Helper()
	ctx := context.Background()
	inputs := bulkInputs(tb, maps)
	plan, err := db.PlanBulk(ctx, inputs)
	if err != nil {
		tb.Fatal(err)
	}
	if len(plan.Problems) > 0 {
		tb.Fatalf("PlanBulk: %v", plan.Problems)
	}
	var total neo4j.BulkWritten
	var docs []neo4j.BulkDocument
	var size, planned int64
	flush := func() {
		if len(docs) == 0 {
			return
		}
		w, err := db.WriteBulkBatch(ctx, neo4j.NewBulkBatch(docs))
		if err != nil {
			tb.Fatalf("WriteBulkBatch: %v", err)
		}
		total.Add(w)
		docs, size = nil, 0
	}
	var actors []string
	for i, m := range maps {
		for _, a := range m.Actors {
			actors = append(actors, a.ID)
		}
		if plan.Skip[i] {
			continue
		}
		n := plan.Elements(inputs, i)
		if size > 0 && size+n > batch {
			flush()
		}
		docs = append(docs, neo4j.BulkDocument{Map: m, Fingerprint: fingerprintOf(m)})
		size += n
		planned += n
	}
	flush()
	if total.Elements() != planned {
		tb.Errorf("the batches created %d elements (%+v), the plan said %d", total.Elements(), total, planned)
	}
	slices.Sort(actors)
	if err := db.RefreshActorAliases(ctx, slices.Compact(actors), 3, nil); err != nil {
		tb.Fatal(err)
	}
	return plan, total
}

// withoutImportFingerprints is the fingerprint of the graph without the
// documents' importSha256, which only bulk loading writes.
func withoutImportFingerprints(tb testing.TB) string {
	d := neo4jtest.Driver(tb)
	neo4jtest.Run(tb, d, "MATCH (d:Document) REMOVE d.importSha256", nil)
	return neo4jtest.Fingerprint(tb, d)
}

// TestBulk_EqualsImportMap: a bulk load gives exactly the graph of importing
// the same maps one by one with ImportMap, whatever the batch size.
func TestBulk_EqualsImportMap(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	for _, m := range bulkCorpus(t, 24) {
		MustImport(t, db, m)
	}
	want := neo4jtest.Fingerprint(t, d)

	for _, batch := range []int64{1, 250, 1_000_000} {
		t.Run(fmt.Sprintf("batch=%d", batch), func(t *testing.T) {
			neo4jtest.Reset(t)
			plan, w := bulkLoad(t, db, bulkCorpus(t, 24), batch)
			if n := neo4jtest.Run(t, d, "MATCH (d:Document) WHERE d.importSha256 STARTS WITH 'test:' RETURN count(d)", nil)[0].Values[0].(int64); n != 25 {
				t.Errorf("%d documents carry their import fingerprint, want 25", n)
			}
			if got := withoutImportFingerprints(t); got != want {
				t.Errorf("bulk load differs from ImportMap one by one:\n%s", firstDiff(want, got))
			}
			if slices.Contains(plan.Skip, true) {
				t.Error("a document of an empty database was skipped")
			}
			t.Logf("created %d nodes and %d relationships", w.Nodes, w.Relationships)
		})
	}
}

// TestBulk_RerunSkipsEverything: running the load again skips every
// document and leaves the graph as it was.
func TestBulk_RerunSkipsEverything(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	bulkLoad(t, db, bulkCorpus(t, 10), 300)
	before := neo4jtest.Fingerprint(t, d)
	plan, w := bulkLoad(t, db, bulkCorpus(t, 10), 300)
	if slices.Contains(plan.Skip, false) {
		t.Errorf("skip = %v, want every document skipped", plan.Skip)
	}
	if w.Elements() != 0 {
		t.Errorf("the re-run created %+v", w)
	}
	if after := neo4jtest.Fingerprint(t, d); after != before {
		t.Errorf("the re-run changed the graph:\n%s", firstDiff(before, after))
	}
}

// TestBulk_ResumeAfterPartialLoad: a load that stopped after some batches
// (as after a crash: the actors' aliases are not merged in document order
// yet) resumes into the graph of a clean load.
func TestBulk_ResumeAfterPartialLoad(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	bulkLoad(t, db, bulkCorpus(t, 12), 200)
	clean := neo4jtest.Fingerprint(t, d)

	neo4jtest.Reset(t)
	maps := bulkCorpus(t, 12)
	for _, m := range maps {
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	var docs []neo4j.BulkDocument
	for _, m := range maps[:7] {
		docs = append(docs, neo4j.BulkDocument{Map: m, Fingerprint: fingerprintOf(m)})
	}
	for _, part := range [][]neo4j.BulkDocument{docs[:3], docs[3:]} {
		if _, err := db.WriteBulkBatch(context.Background(), neo4j.NewBulkBatch(part)); err != nil {
			t.Fatal(err)
		}
	}
	plan, _ := bulkLoad(t, db, bulkCorpus(t, 12), 200)
	if want := []bool{true, true, true, true, true, true, true, false, false, false, false, false, false}; !slices.Equal(plan.Skip, want) {
		t.Errorf("skip = %v, want %v", plan.Skip, want)
	}
	if got := neo4jtest.Fingerprint(t, d); got != clean {
		t.Errorf("the resumed load differs from a clean one:\n%s", firstDiff(clean, got))
	}
}

// TestBulk_Refused: what PlanBulk refuses, and that it agrees with what
// ImportMap accepts when the same maps are imported one by one.
func TestBulk_Refused(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	ctx := context.Background()
	plan := func(t *testing.T, maps []*argmap.Map) []string {
		t.Helper()
		p, err := db.PlanBulk(ctx, bulkInputs(t, maps))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, pr := range p.Problems {
			out = append(out, pr.String())
		}
		return out
	}
	wantProblems := func(t *testing.T, got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("problems:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
		}
		for i, w := range want {
			if !strings.Contains(got[i], w) {
				t.Errorf("problem %d = %q, want it to contain %q", i, got[i], w)
			}
		}
	}
	// alias gives actor i of map m one more alias.
	alias := func(m *argmap.Map, i int, a string) *argmap.Map {
		m.Actors[i].Aliases = append(m.Actors[i].Aliases, a)
		return m
	}

	t.Run("duplicate document", func(t *testing.T) {
		neo4jtest.Reset(t)
		c := neo4jtest.Corpus(3, "")
		dup := neo4jtest.Corpus(1, "")[0]
		wantProblems(t, plan(t, append(c, dup)), `file-3.json: document doc-999: doc-999 is also the document of file-0.json`)
	})

	t.Run("alias of an actor of an earlier file", func(t *testing.T) {
		neo4jtest.Reset(t)
		a := neo4jtest.Corpus(2, "a-")
		b := neo4jtest.Corpus(1, "b-")[0]
		b.Document.ID = "b-doc"
		alias(b, 0, "Actor a-0") // the name of actor a-actor-0, defined by a[0]
		wantProblems(t, plan(t, append(a, b)),
			`file-2.json: actor b-actor-0: the name or alias ["actor a 0"] belongs to the actor a-actor-0 of file-0.json: use that id, or rename`)
		// ImportMap one by one agrees.
		for _, m := range append(neo4jtest.Corpus(2, "a-"), alias(renamed(neo4jtest.Corpus(1, "b-")[0], "b-doc"), 0, "Actor a-0")) {
			_, err := db.ImportMap(ctx, m, nil)
			if m.Document.ID == "b-doc" && (err == nil || !strings.Contains(err.Error(), "belongs to the stored actor a-actor-0")) {
				t.Errorf("ImportMap of the clashing map: %v", err)
			}
			if m.Document.ID != "b-doc" && err != nil {
				t.Error(err)
			}
		}
	})

	t.Run("alias of a stored actor", func(t *testing.T) {
		neo4jtest.Reset(t)
		MustImport(t, db, MustSeed(t))
		c := neo4jtest.Corpus(2, "")
		alias(c[1], 1, "HTS")
		wantProblems(t, plan(t, c), `file-1.json: actor actor-3: the name or alias ["hts"] belongs to the stored actor hts`)
	})

	t.Run("alias taken by a known actor later", func(t *testing.T) {
		// A map may give an existing actor a key that another actor got
		// earlier: ImportMap only checks new actor ids. So may a bulk load.
		neo4jtest.Reset(t)
		a := neo4jtest.Corpus(2, "a-")
		b := renamed(neo4jtest.Corpus(1, "b-")[0], "b-doc")
		c := alias(renamed(neo4jtest.Corpus(1, "a-")[0], "a-doc-x"), 0, "Actor b-0")
		wantProblems(t, plan(t, []*argmap.Map{a[0], a[1], b, c}))
		for _, m := range []*argmap.Map{a[0], a[1], b, c} {
			MustImport(t, db, m)
		}
	})

	t.Run("stored from another file", func(t *testing.T) {
		neo4jtest.Reset(t)
		d := neo4jtest.Driver(t)
		bulkLoad(t, db, neo4jtest.Corpus(2, ""), 1000)
		MustImport(t, db, renamed(neo4jtest.Corpus(3, "")[2], "loaded"))
		before := neo4jtest.Fingerprint(t, d)
		c := neo4jtest.Corpus(3, "")
		c[1].Document.Text += " Edited."
		renamed(c[2], "loaded")
		wantProblems(t, plan(t, c),
			`file-1.json: document doc-998: is stored already (bulk-loaded from a different version of this file); a bulk load never replaces a document: use argmap load`,
			`file-2.json: document loaded: is stored already (loaded with argmap load)`)
		if after := neo4jtest.Fingerprint(t, d); after != before {
			t.Error("PlanBulk changed the graph")
		}
	})
}

// renamed gives m another document id (and its claims, links and relations
// the ids that go with it).
func renamed(m *argmap.Map, id string) *argmap.Map {
	old := m.Document.ID + "/"
	re := func(s string) string { return id + "/" + strings.TrimPrefix(s, old) }
	m.Document.ID = id
	for i := range m.Claims {
		m.Claims[i].ID = re(m.Claims[i].ID)
	}
	for i := range m.Links {
		l := &m.Links[i]
		l.ID, l.From, l.To = re(l.ID), re(l.From), re(l.To)
	}
	for i := range m.Relations {
		r := &m.Relations[i]
		r.ID = re(r.ID)
		for j := range r.Evidence {
			r.Evidence[j] = re(r.Evidence[j])
		}
	}
	return m
}

// TestBulk_StatementPlans: every statement of a batch finds its nodes
// through the id indexes and streams its rows: no Eager operator (which
// would hold all rows of a batch before writing), no label scan. The actor
// statement is the exception: it reads the aliases it sets, so a later row
// could see an earlier row's write; its rows are the few hundred distinct
// actors of a batch.
func TestBulk_StatementPlans(t *testing.T) {
	neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	maps := bulkCorpus(t, 40)
	bulkInputs(t, maps) // validates
	var docs []neo4j.BulkDocument
	for _, m := range maps {
		docs = append(docs, neo4j.BulkDocument{Map: m, Fingerprint: fingerprintOf(m)})
	}
	stmts := neo4j.NewBulkBatch(docs).Statements()
	if len(stmts) < 10 {
		t.Fatalf("only %d statements: the corpus lacks kinds of elements", len(stmts))
	}
	for _, s := range stmts {
		res, err := neo4jdriver.ExecuteQuery(context.Background(), d, "EXPLAIN "+s, map[string]any{"rows": []any{}}, neo4jdriver.EagerResultTransformer)
		if err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
		var ops []string
		var walk func(p neo4jdriver.Plan)
		walk = func(p neo4jdriver.Plan) {
			ops = append(ops, strings.TrimSuffix(p.Operator(), "@neo4j"))
			for _, c := range p.Children() {
				walk(c)
			}
		}
		walk(res.Summary.Plan())
		for _, op := range ops {
			if op == "Eager" && !strings.Contains(s, "MERGE (x:Actor") || strings.Contains(op, "Scan") {
				t.Errorf("plan has %s: %v\n%s", op, ops, s)
			}
		}
	}
}
