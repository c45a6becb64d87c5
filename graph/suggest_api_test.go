package graph_test

import (
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
)

// suggestionsOf returns the NOT_FOUND error's extensions.suggestions (nil
// when absent) and its message, failing unless the answer is one NOT_FOUND.
func suggestionsOf(t *testing.T, r response) ([]string, string) {
	t.Helper()
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != argmap.ENOTFOUND {
		t.Fatalf("want one NOT_FOUND, got %+v", r.Errors)
	}
	raw, ok := r.Errors[0].Extensions["suggestions"]
	if !ok {
		return nil, r.Errors[0].Message
	}
	var out []string
	for _, s := range raw.([]any) {
		out = append(out, s.(string))
	}
	return out, r.Errors[0].Message
}

// A NOT_FOUND for an actor or claim id names the ids the client may have
// meant, first the nearest, in extensions.suggestions and in the message,
// and says how ids are found, from every field that takes such an id.
func TestNotFoundSuggestions(t *testing.T) {
	srv, db, _ := MustSeeded(t)
	const claim = "syria-anti-isis-gamble/factions-hostile"
	for _, tt := range []struct {
		name, query string
		first       string // the first suggestion; "" for none
		hint        string // the message holds it
	}{
		{"actor by its acronym", `{ actor(id: "SDF") { id } }`, "sdf", `search(query: "SDF")`},
		{"actor by its name", `{ actor(id: "Syrian Democratic Forces") { id } }`, "sdf", "lowercase slugs"},
		{"actor by another spelling", `{ actor(id: "muhajireen") { id } }`, "muhajirun", "lowercase slugs"},
		{"actor slug misspelt", `{ actor(id: "al-charaa") { id } }`, "al-sharaa", "lowercase slugs"},
		{"actor unlike any", `{ actor(id: "zzqx-unknown") { id } }`, "", `search(query: "zzqx-unknown")`},
		{"claim misspelt", `{ claim(id: "syria-anti-isis-gamble/factions-hostle") { id } }`, claim, "kinds: [CLAIM]"},
		{"claim in capitals", `{ claim(id: "Syria-Anti-ISIS-Gamble/Factions-Hostile") { id } }`, claim, "kinds: [CLAIM]"},
		{"claim without its document", `{ claim(id: "factions-hostile") { id } }`, claim, "document id"},
		{"paths from", `{ paths(from: "SDF", to: "muhajirun") { length } }`, "sdf", "lowercase slugs"},
		{"paths to", `{ paths(from: "sdf", to: "Muhajirin") { length } }`, "muhajirun", "lowercase slugs"},
		{"risk chains of an actor", `{ riskChains(actor: "HTS") { length } }`, "hts", "lowercase slugs"},
		{"argument tree", `{ argumentTree(claim: "factions-hostile") { root { id } } }`, claim, "kinds: [CLAIM]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, msg := suggestionsOf(t, func() response { _, r := post(t, srv, tt.query); return r }())
			if tt.first == "" && len(got) > 0 || tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("suggestions %q, want %q first", got, tt.first)
			}
			if len(got) > 5 {
				t.Errorf("%d suggestions", len(got))
			}
			if !strings.Contains(msg, tt.hint) || tt.first != "" && !strings.Contains(msg, `Did you mean "`+tt.first+`"`) {
				t.Errorf("message %q lacks %q or the suggestion", msg, tt.hint)
			}
		})
	}

	// Mutations name the field at fault and suggest too.
	w := MustWriteServer(t, db, false)
	for _, tt := range []struct{ name, query, field, first string }{
		{"merge survivor", `mutation { mergeActors(survivor: "SDF", merged: "hts") { id } }`, "survivor", "sdf"},
		{"update actor", `mutation { updateActor(id: "Muhajirin", input: {description: "x"}) { id } }`, "id", "muhajirun"},
		{"delete claim", `mutation { deleteClaim(id: "syria-anti-isis-gamble/factions-hostle") }`, "id", claim},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, w, writeToken, tt.query, nil)
			got, _ := suggestionsOf(t, r)
			if len(got) == 0 || got[0] != tt.first || r.Errors[0].Extensions["field"] != tt.field {
				t.Errorf("suggestions %q field %v, want %q on %s", got, r.Errors[0].Extensions["field"], tt.first, tt.field)
			}
		})
	}

	// The lookup runs on the not-found path only: a found actor costs the
	// one statement it cost before, a missing one a second.
	for _, tt := range []struct {
		query string
		want  int64
	}{{`{ actor(id: "sdf") { id } }`, 1}, {`{ actor(id: "SDF") { id } }`, 2}} {
		before := db.Statements()
		post(t, srv, tt.query)
		if n := db.Statements() - before; n != tt.want {
			t.Errorf("%s: %d statements, want %d", tt.query, n, tt.want)
		}
	}
	// Documents are not looked up: no suggestions.
	_, r := post(t, srv, `{ document(id: "Syria-Anti-ISIS-Gamble") { id } }`)
	if got, _ := suggestionsOf(t, r); got != nil {
		t.Errorf("document: suggestions %q", got)
	}
}
