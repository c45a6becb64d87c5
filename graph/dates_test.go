package graph_test

import (
	"testing"

	"github.com/argmap/argmap/internal/argmap"
)

// A malformed Date written in the document is the researcher's mistake:
// BAD_USER_INPUT naming the argument and the form a Date takes, never
// INTERNAL. Ranges that end before they start are refused too: they
// would silently select nothing.
func TestDateArguments(t *testing.T) {
	_, db, _ := MustSeeded(t)
	srv := MustWriteServer(t, db, false)
	const dateForm = `must be a Date (a date written YYYY-MM-DD, such as "2025-11-25"), got `
	tests := []struct {
		name, query, field, message string
	}{
		{"month 13", `{ documents(filter: {published: {from: "2025-13-45"}}) { totalCount } }`, "filter.published.from",
			`Argument filter.published.from ` + dateForm + `the string "2025-13-45": there is no such month.`},
		{"30 February", `{ claims(filter: {published: {to: "2025-02-30"}}) { totalCount } }`, "filter.published.to",
			`Argument filter.published.to ` + dateForm + `the string "2025-02-30": there is no such day.`},
		{"in words", `{ actor(id: "hts") { relations(published: {from: "yesterday"}) { id } } }`, "published.from",
			`Argument published.from ` + dateForm + `the string "yesterday".`},
		{"a number", `mutation { updateDocument(id: "syria-anti-isis-gamble", input: {published: 20250101}) { id } }`, "published",
			`Argument input.published ` + dateForm + `the number 20250101.`},
		{"documents from after to", `{ documents(filter: {published: {from: "2025-12-01", to: "2025-01-01"}}) { totalCount } }`, "filter.published",
			`filter.published: from (2025-12-01) is after to (2025-01-01); both ends are inclusive, so give from on or before to.`},
		{"claims from after to", `{ claims(filter: {published: {from: "2025-12-01", to: "2025-01-01"}}) { totalCount } }`, "filter.published",
			`filter.published: from (2025-12-01) is after to (2025-01-01); both ends are inclusive, so give from on or before to.`},
		{"relations from after to", `{ actor(id: "hts") { relations(published: {from: "2025-12-01", to: "2025-01-01"}) { id } } }`, "published",
			`published: from (2025-12-01) is after to (2025-01-01); both ends are inclusive, so give from on or before to.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, writeToken, tt.query, nil)
			if len(r.Errors) != 1 {
				t.Fatalf("errors = %+v, want one", r.Errors)
			}
			e := r.Errors[0]
			if e.Message != tt.message || e.Extensions["code"] != argmap.EINVALID || e.Extensions["field"] != tt.field {
				t.Errorf("error %q %v,\nwant %q BAD_USER_INPUT on %s", e.Message, e.Extensions, tt.message, tt.field)
			}
			for _, p := range e.Path {
				if p == "filter" || p == "published" || p == "input" {
					t.Errorf("path %v goes into the arguments; a path points into the response", e.Path)
				}
			}
		})
	}
	// A range of one day, and an open one, still select.
	var got struct{ Documents struct{ TotalCount int } }
	mustQuery(t, srv, `{ documents(filter: {published: {from: "2025-11-25", to: "2025-11-25"}}) { totalCount } }`, nil, &got)
	if got.Documents.TotalCount != 1 {
		t.Errorf("a one-day range selects %d documents, want 1", got.Documents.TotalCount)
	}
}
