package mapfile_test

import (
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

// FuzzRead feeds arbitrary bytes to the map-file reader (as importMap does
// with a client's text): it must answer with a map or a BAD_USER_INPUT
// error, never panic, and validation of what it reads must not panic either.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`version: 1
document: {id: d, title: T, published: 2025-01-01, text: "Russia backs Damascus."}
actors: [{id: russia, name: Russia, type: state, mentions: [{exact: Russia}]}]
claims: [{id: c, text: x, role: thesis, modality: assertion, hedging: none, quotes: [{exact: backs}]}]
`))
	f.Add([]byte(`{"version": 1, "document": {"id": "d", "title": "T", "published": "2025-01-01", "text": "a b a"},
"claims": [{"id": "c", "text": "x", "role": "premise", "modality": "risk", "hedging": "possible", "quotes": [{"exact": "a"}]}],
"links": [{"id": "l", "type": "attacks", "kind": "undercut", "from": "c", "to": "c"}]}`))
	f.Add([]byte("version: 1\ndocument: &a {id: *a}\n"))
	f.Add([]byte("version: 1\ndocument:\n  text: \"\xff\xfe\"\n"))
	f.Add([]byte("[[[[[[[[[[[[[[[[[[[[[[[[[[[["))
	f.Add([]byte("version: 2"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := mapfile.Read(b, nil)
		if err != nil {
			if code := argmap.ErrorCode(err); code != argmap.EINVALID {
				t.Fatalf("code %q for %q: %v", code, b, err)
			}
			return
		}
		if err := m.Validate(); err != nil && argmap.ErrorCode(err) != argmap.EINVALID {
			t.Fatalf("Validate: code %q: %v", argmap.ErrorCode(err), err)
		}
	})
}
