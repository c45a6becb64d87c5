package mapfile_test

import (
	"bytes"
	"reflect"
	"regexp"
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

// FuzzReadJSON checks the JSON path: it never panics, answers errors as
// BAD_USER_INPUT, and whenever it accepts a document the YAML reader (which
// read JSON files before the JSON path existed) accepts it too and decodes
// the same file structs, hence the same map. The JSON path may reject more:
// YAML reads 1.5 as an int, 123 as a string and null as a list item.
func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`{"version": 1, "document": {"id": "d", "title": "T", "published": "2025-01-01", "text": "Russia backs Damascus."},
"actors": [{"id": "russia", "name": "Russia", "type": "state", "aliases": ["RU"], "partOf": [], "mentions": [{"exact": "Russia", "start": 0, "end": 6}]}],
"claims": [{"id": "c", "text": "x", "role": "thesis", "modality": "assertion", "hedging": "none", "hedgeCue": null,
  "quotes": [{"exact": "backs", "prefix": "Russia ", "suffix": null}], "actors": [{"actor": "RU", "role": "agent", "quote": {"exact": "Russia"}}]}],
"links": [{"id": "l", "type": "attacks", "kind": "undercut", "from": "c", "to": "c", "quote": null}],
"relations": [{"id": "r", "type": "supports", "from": "russia", "to": "russia", "modality": "actual", "evidence": ["c"], "quotes": [{"exact": "backs"}]}]}`))
	f.Add([]byte("\ufeff {\"version\":1,\"document\":{\"title\":\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\b\\f\\r\\t\\u0000\",\"text\":\"’ \\u2028\"}}\r\n"))
	f.Add([]byte(`{"version": 1, "vers\u0069on": 1}`))
	f.Add([]byte(`{"version": 1, "Version": 1}`))
	f.Add([]byte(`{"version": -0, "document": null, "actors": [null], "claims": [{"quotes": [{"start": 9223372036854775807, "end": -9223372036854775808}]}]}`))
	f.Add([]byte(`{"version": 1.5, "document": {"title": 123}}`))
	f.Add([]byte(`{"version": 1} # comment`))
	f.Add([]byte(`{"version": 1, "document": {"title": "\ud800"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Read drops a byte-order mark and takes the JSON path at "{".
		body := bytes.TrimPrefix(b, []byte("\ufeff"))
		m, err := mapfile.ReadJSON(body, nil)
		if err != nil && argmap.ErrorCode(err) != argmap.EINVALID {
			t.Fatalf("code %q for %q: %v", argmap.ErrorCode(err), b, err)
		}
		if got, err2 := mapfile.Read(b, nil); mapfile.IsJSON(body) && !sameResult(got, err2, m, err) {
			t.Fatalf("Read does not take the JSON path for %q: %v / %v", b, err2, err)
		}
		b = body
		fromJSON, fromYAML, jsonErr, yamlErr := mapfile.DecodeBoth(b)
		if jsonErr != nil {
			if msg := argmap.ErrorMessage(jsonErr); !positioned.MatchString(msg) {
				t.Fatalf("the error for %q gives no position: %q", b, msg)
			}
			return
		}
		if yamlErr != nil {
			t.Fatalf("the JSON path accepts %q, the YAML reader does not: %v", b, yamlErr)
		}
		if !reflect.DeepEqual(fromJSON, fromYAML) {
			t.Fatalf("%q decodes differently:\nJSON %+v\nYAML %+v", b, fromJSON, fromYAML)
		}
		my, yerr := mapfile.ReadYAML(b, nil)
		if !sameResult(m, err, my, yerr) {
			t.Fatalf("%q reads differently: JSON %v, YAML %v", b, err, yerr)
		}
		if m != nil {
			if err := m.Validate(); err != nil && argmap.ErrorCode(err) != argmap.EINVALID {
				t.Fatalf("Validate: code %q: %v", argmap.ErrorCode(err), err)
			}
		}
	})
}

// positioned is the start of a decoding error of the JSON path.
var positioned = regexp.MustCompile(`^the map file is not valid: \[\d+:\d+\] `)

// sameResult reports whether two reads gave equal maps or equal errors.
func sameResult(m1 *argmap.Map, err1 error, m2 *argmap.Map, err2 error) bool {
	if err1 != nil || err2 != nil {
		return err1 != nil && err2 != nil && err1.Error() == err2.Error()
	}
	return reflect.DeepEqual(m1, m2)
}
