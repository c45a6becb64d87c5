package mapfile_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

// TestReadJSONSeedParity: the seed map converted to JSON reads to the same
// map as the YAML it comes from, in every form a generator might write.
func TestReadJSONSeedParity(t *testing.T) {
	y, j, text := seedForms(t)
	readText := func(name string) ([]byte, error) {
		if name != "syria-anti-isis-gamble.txt" {
			t.Errorf("text file %q asked for", name)
		}
		return text, nil
	}
	want, err := mapfile.Read(y, readText)
	if err != nil {
		t.Fatalf("Read(YAML): %v", err)
	}
	if err := want.Validate(); err != nil {
		t.Fatalf("the seed does not validate: %v", err)
	}
	want, _ = mapfile.Read(y, readText) // Validate completes the quotes; compare unvalidated maps

	indented, err := mapfile.YAMLToJSON(y, string(text), true)
	if err != nil {
		t.Fatal(err)
	}
	withTextFile, err := mapfile.YAMLToJSON(y, "", false)
	if err != nil {
		t.Fatal(err)
	}
	// encoding/json writes every key: absent ones as null or "".
	if !bytes.Contains(j, []byte(`"quote":null`)) || !bytes.Contains(j, []byte(`"prefix":""`)) {
		t.Fatalf("the JSON form lacks the null and empty values this test means to cover")
	}
	forms := []struct {
		name string
		b    []byte
	}{
		{"compact, text inline", j},
		{"indented, text inline", indented},
		{"compact, textFile", withTextFile},
		{"byte-order mark and blank lines first", append([]byte("\ufeff\n\r\n  \t"), j...)},
		{"CRLF line ends and a final newline", append(bytes.ReplaceAll(indented, []byte("\n"), []byte("\r\n")), '\r', '\n')},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			got, err := mapfile.Read(f.b, readText)
			if err != nil {
				t.Fatalf("Read(JSON): %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the JSON map differs from the YAML map\n%s", firstDifference(got, want))
			}
			// What the YAML reader made of the same JSON before the JSON path.
			b := bytes.TrimPrefix(f.b, []byte("\ufeff"))
			old, err := mapfile.ReadYAML(b, readText)
			if err != nil {
				t.Fatalf("ReadYAML(JSON): %v", err)
			}
			if !reflect.DeepEqual(got, old) {
				t.Errorf("the JSON path reads the file differently from the YAML reader")
			}
		})
	}

	t.Run("ReadFile of a .json file", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "syria-anti-isis-gamble.txt"), text, 0o600); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "map.json")
		if err := os.WriteFile(path, withTextFile, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := mapfile.ReadFile(path)
		if err != nil {
			t.Fatalf("ReadFile: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ReadFile(JSON) differs from the YAML map\n%s", firstDifference(got, want))
		}
	})
}

// firstDifference names the first claim, actor, link or relation that
// differs, to keep a failure readable.
func firstDifference(got, want *argmap.Map) string {
	if !reflect.DeepEqual(got.Document, want.Document) {
		return "document differs"
	}
	for i := range min(len(got.Actors), len(want.Actors)) {
		if !reflect.DeepEqual(got.Actors[i], want.Actors[i]) {
			return "actor " + want.Actors[i].ID + " differs"
		}
	}
	for i := range min(len(got.Claims), len(want.Claims)) {
		if !reflect.DeepEqual(got.Claims[i], want.Claims[i]) {
			return "claim " + want.Claims[i].ID + " differs"
		}
	}
	for i := range min(len(got.Links), len(want.Links)) {
		if !reflect.DeepEqual(got.Links[i], want.Links[i]) {
			return "link " + want.Links[i].ID + " differs"
		}
	}
	for i := range min(len(got.Relations), len(want.Relations)) {
		if !reflect.DeepEqual(got.Relations[i], want.Relations[i]) {
			return "relation " + want.Relations[i].ID + " differs"
		}
	}
	return "the number of items differs"
}

// TestReadJSONLikeYAML: small JSON files read the same through the JSON
// path as through the YAML reader, which read them before.
func TestReadJSONLikeYAML(t *testing.T) {
	base := MustFixture(t, "minimal.json")
	tests := []struct {
		name     string
		old, new string
	}{
		{"fixture", "", ""},
		{"escapes", `"JSON is YAML"`, `"A \"title\" \\ with \/ escapes\t\n\r\b\f \u00e9\u00E9 \ud83d\ude00 \u2028 \u0000"`},
		{"escaped key", `"title"`, `"t\u0069tle"`},
		{"raw non-ASCII", `"JSON is YAML"`, `"Hay’at Tahrir al-Sham 😀 \u0085 ` + "\u2028\u0085\ufeff\x7f" + `"`},
		{"null is a missing key", `"mentions": [{"exact": "Syria"}]`, `"aliases": null, "partOf": null, "description": null, "mentions": [{"exact": "Syria", "start": null, "end": null, "prefix": null}]`},
		{"null document", `"document": {"id": "doc-json", "title": "JSON is YAML", "published": "2024-01-02", "text": "Syria joins the coalition."}`, `"document": null`},
		{"empty lists", `"mentions": [{"exact": "Syria"}]`, `"aliases": [], "partOf": [], "mentions": []`},
		{"negative zero and large offsets", `"start": 6, "end": 25`, `"start": -0, "end": 9223372036854775807`},
		{"smallest int", `"start": 6`, `"start": -9223372036854775808`},
		{"no whitespace", "", ""},
		{"tabs and CR", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := base
			if tt.old != "" {
				b = MustReplace(t, base, tt.old, tt.new)
			}
			switch tt.name {
			case "no whitespace":
				b = compact(t, b)
			case "tabs and CR":
				b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r"))
				b = bytes.ReplaceAll(b, []byte(", "), []byte(",\t"))
				b = bytes.ReplaceAll(b, []byte(`": `), []byte("\":\t"))
			}
			got, err := mapfile.Read(b, nil)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			want, err := mapfile.ReadYAML(b, nil)
			if err != nil {
				t.Fatalf("ReadYAML: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("JSON path: %+v\nYAML reader: %+v", got, want)
			}
		})
	}
}

// compact removes the whitespace between the tokens of a JSON file without
// strings that hold whitespace sequences other than single spaces.
func compact(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString && c == '\\':
			out.WriteByte(c)
			i++
			c = b[i]
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\n' || c == '\t' || c == '\r'):
			continue
		}
		out.WriteByte(c)
	}
	return out.Bytes()
}

// TestReadJSONRejects: each strictness rule of the JSON path, on edits of
// testdata/minimal.json. "¦" in the edit marks where the error must point;
// it is removed before reading.
func TestReadJSONRejects(t *testing.T) {
	base := MustFixture(t, "minimal.json")
	tests := []struct {
		name     string
		old, new string   // edit; old "" replaces the whole file with new
		field    string   // ErrorField
		contains []string // in the message, besides the position
	}{
		// Unknown keys, case-sensitive.
		{name: "unknown top-level key", old: `"version": 1,`, new: `"version": 1, ¦"author": "me",`,
			contains: []string{`unknown field "author"`, "version, document, actors"}},
		{name: "unknown document key", old: `"title"`, new: `¦"titel"`, field: "document",
			contains: []string{`document: unknown field "titel"`}},
		{name: "unknown quote key", old: `"start": 6`, new: `¦"strat": 6`, field: "claims[0].quotes[0]",
			contains: []string{`claims[0].quotes[0]: unknown field "strat"`}},
		{name: "wrong-case top-level key", old: `"version": 1`, new: `¦"Version": 1`,
			contains: []string{`unknown field "Version"`, `did you mean "version"`, "case-sensitive"}},
		{name: "wrong-case nested key", old: `"hedging": "none"`, new: `"hedging": "none", ¦"hedgecue": "x"`, field: "claims[0]",
			contains: []string{`claims[0]: unknown field "hedgecue"`, `did you mean "hedgeCue"`}},
		{name: "wrong-case escaped key", old: `"hedging": "none"`, new: `"hedging": "none", ¦"hedge\u0063ue": "x"`, field: "claims[0]",
			contains: []string{`unknown field "hedgecue"`}},
		{name: "empty key", old: `"version": 1`, new: `¦"": 1`, contains: []string{`unknown field ""`}},

		// Duplicate keys.
		{name: "duplicate top-level key", old: `"version": 1,`, new: `"version": 1, ¦"version": 1,`,
			contains: []string{`duplicate key: "version" already defined at [2:3]`}},
		{name: "duplicate top-level key after null", old: `"version": 1,`, new: `"version": null, ¦"version": 1,`,
			contains: []string{`"version" already defined`}},
		{name: "duplicate nested key", old: `"text": "Syria joins the coalition."}`, new: `"text": "Syria joins the coalition.", ¦"id": "x"}`, field: "document",
			contains: []string{`document: duplicate key: "id" already defined at [3:16]`}},
		{name: "duplicate key in a quote", old: `"end": 25}`, new: `"end": 25, ¦"start": 6}`, field: "claims[0].quotes[0]",
			contains: []string{`"start" already defined`}},
		{name: "duplicate key spelt with an escape", old: `"type": "state"`, new: `"type": "state", ¦"typ\u0065": "state"`, field: "actors[0]",
			contains: []string{`"type" already defined`}},

		// Wrong types.
		{name: "string for a number", old: `"start": 6`, new: `"start": ¦"6"`, field: "claims[0].quotes[0].start",
			contains: []string{"expected a whole number, found a string"}},
		{name: "number for a string", old: `"title": "JSON is YAML"`, new: `"title": ¦2024`, field: "document.title",
			contains: []string{"expected a string, found the number 2024", "double quotes"}},
		{name: "true for a string", old: `"title": "JSON is YAML"`, new: `"title": ¦true`, field: "document.title",
			contains: []string{"expected a string, found true"}},
		{name: "fraction for a number", old: `"version": 1`, new: `"version": ¦1.0`, field: "version",
			contains: []string{"expected a whole number, found 1.0"}},
		{name: "exponent for a number", old: `"end": 25`, new: `"end": ¦2.5e1`, field: "claims[0].quotes[0].end",
			contains: []string{"expected a whole number, found 2.5e1"}},
		{name: "leading zero", old: `"end": 25`, new: `"end": ¦025`, field: "claims[0].quotes[0].end",
			contains: []string{"leading zeros"}},
		{name: "object for a list", old: `"quotes": [{"exact": "joins the coalition", "start": 6, "end": 25}]`, new: `"quotes": ¦{"exact": "joins the coalition"}`,
			field: "claims[0].quotes", contains: []string{`expected a list […], found a map "{"`}},
		{name: "list for an object", old: `"document": {`, new: `"document": ¦[{`, field: "document",
			contains: []string{`expected a map {…}, found a list "["`}},
		{name: "string for a list", old: `"actors": [`, new: `"actors": ¦"syria", "x": [`, field: "actors",
			contains: []string{"expected a list […], found a string"}},
		{name: "string in a list of objects", old: `"actors": [`, new: `"actors": [¦"syria", `, field: "actors[0]",
			contains: []string{"expected a map {…}, found a string"}},
		{name: "null list item", old: `"actors": [`, new: `"actors": [¦null, `, field: "actors[0]",
			contains: []string{"a list item cannot be null"}},
		{name: "null in a list of strings", old: `"type": "state"`, new: `"type": "state", "aliases": ["a", ¦null]`, field: "actors[0].aliases[1]",
			contains: []string{"expected a string, found null"}},

		// Huge numbers.
		{name: "number beyond int64", old: `"start": 6`, new: `"start": ¦99999999999999999999`, field: "claims[0].quotes[0].start",
			contains: []string{"the number 99999999999999999999 is too large"}},
		{name: "number just beyond int64", old: `"start": 6`, new: `"start": ¦9223372036854775808`,
			contains: []string{"too large"}},
		{name: "negative number beyond int64", old: `"start": 6`, new: `"start": ¦-9223372036854775809`,
			contains: []string{"too large"}},
		{name: "1e400", old: `"start": 6`, new: `"start": ¦1e400`, contains: []string{"expected a whole number, found 1e400"}},
		{name: "a thousand digits", old: `"start": 6`, new: `"start": ¦` + strings.Repeat("9", 1000),
			contains: []string{"too large"}},

		// Trailing data.
		{name: "trailing garbage", old: "}]}]\n}\n", new: "}]}]\n} ¦x\n",
			contains: []string{`found "x" after the map's closing "}"`}},
		{name: "second object", old: "}]}]\n}\n", new: "}]}]\n}\n¦{}\n", contains: []string{"one object"}},
		{name: "YAML comment after the object", old: "}]}]\n}\n", new: "}]}]\n} ¦# done\n", contains: []string{`found "#"`}},
		{name: "NUL after the object", old: "}]}]\n}\n", new: "}]}]\n}¦\x00", contains: []string{"U+0000"}},

		// Syntax, UTF-8, truncation.
		{name: "trailing comma in an object", old: `"published": "2024-01-02", "text": "Syria joins the coalition."}`, new: `"published": "2024-01-02", "text": "Syria joins the coalition.",¦}`,
			field: "document", contains: []string{`found "}" after ","`, "read as JSON"}},
		{name: "trailing comma in a list", old: `{"exact": "Syria"}]`, new: `{"exact": "Syria"},¦]`, field: "actors[0].mentions",
			contains: []string{`found "]" after ","`}},
		{name: "unquoted key (YAML flow style)", old: "", new: "{¦version: 1, document: {id: d}}",
			contains: []string{`expected a key in double quotes, found "v"`, `starts with "{" is read as JSON`}},
		{name: "single-quoted string", old: `"title": "JSON is YAML"`, new: `"title": ¦'JSON is YAML'`, field: "document.title",
			contains: []string{`found "'"`}},
		{name: "missing colon", old: `"version": 1`, new: `"version" ¦1`, contains: []string{`expected ":" after the key "version"`}},
		{name: "missing comma", old: "\"version\": 1,\n  \"document\"", new: "\"version\": 1\n  ¦\"document\"", contains: []string{`expected "," or "}" after the value of "version"`}},
		{name: "invalid UTF-8 in a string", old: `"Syria"}]`, new: "\"Syr¦\xffia\"}]", field: "actors[0].mentions[0].exact",
			contains: []string{"0xff is not valid UTF-8"}},
		{name: "invalid UTF-8 in a key", old: `"version": 1`, new: "\"vers¦\xc3ion\": 1", contains: []string{"0xc3 is not valid UTF-8"}},
		{name: "invalid UTF-8 between tokens", old: `"version": 1,`, new: "\"version\": 1, ¦\xe2\x80", contains: []string{"0xe2, which is not UTF-8"}},
		{name: "overlong UTF-8", old: `"Syria"}]`, new: "\"Syr¦\xc0\xafia\"}]", contains: []string{"0xc0 is not valid UTF-8"}},
		{name: "UTF-16 surrogate encoded in UTF-8", old: `"Syria"}]`, new: "\"Syr¦\xed\xa0\x80ia\"}]", contains: []string{"not valid UTF-8"}},
		{name: "lone high surrogate", old: `"JSON is YAML"`, new: `"JSON ¦\ud83d is YAML"`, field: "document.title",
			contains: []string{`\ud83d is the first half of a UTF-16 surrogate pair`}},
		{name: "lone low surrogate", old: `"JSON is YAML"`, new: `"JSON ¦\ude00 is YAML"`, contains: []string{"second half"}},
		{name: "invalid escape", old: `"JSON is YAML"`, new: `"JSON ¦\x41 is YAML"`, contains: []string{`invalid escape \x`}},
		{name: "short unicode escape", old: `"JSON is YAML"`, new: `"JSON ¦\u41 is YAML"`, contains: []string{`four hex digits`}},
		{name: "line break in a string", old: `"JSON is YAML"`, new: "\"JSON is¦\nYAML\"", field: "document.title",
			contains: []string{"U+000A must be escaped", `\n`}},
		{name: "tab in a string", old: `"JSON is YAML"`, new: "\"JSON is¦\tYAML\"", contains: []string{`\t`}},
		{name: "truncated in a string", old: "", new: "{\"version\": 1, \"document\": {\"title\": \"JSON is¦",
			field: "document.title", contains: []string{"the file ends inside the string that starts at [1:38]", "cut short"}},
		{name: "truncated in an escape", old: "", new: "{\"version\": 1, \"document\": {\"title\": \"JSON is¦\\", field: "document.title",
			contains: []string{"ends inside an escape"}},
		{name: "truncated after a key", old: "", new: "{\"version\": 1, \"document\": {\"title\"¦",
			contains: []string{"the map opened at [1:28]", `closed with "}"`}},
		{name: "truncated after a colon", old: "", new: "{\"version\": 1, \"document\": {\"title\": ¦", field: "document.title",
			contains: []string{"the file ends where a string was expected"}},
		{name: "truncated in a list", old: "", new: "{\"version\": 1, \"actors\": [{}, ¦", field: "actors",
			contains: []string{"the list opened at [1:26]", `closed with "]"`}},
		{name: "truncated after a list item", old: "", new: "{\"version\": 1, \"actors\": [{}¦", field: "actors",
			contains: []string{"the list opened at [1:26]", `closed with "]"`}},
		{name: "truncated in a number", old: "", new: "{\"version\": ¦-", field: "version", contains: []string{"minus sign"}},
		{name: "only a brace", old: "", new: "{¦", contains: []string{"cut short"}},
		{name: "misspelt literal", old: `"version": 1`, new: `"version": ¦nul`, field: "version", contains: []string{`found "n"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.new
			if tt.old != "" {
				in = string(MustReplace(t, base, tt.old, tt.new))
			}
			mark := strings.Index(in, "¦")
			if mark < 0 {
				t.Fatal("the test case has no ¦ marking the error position")
			}
			b := []byte(strings.Replace(in, "¦", "", 1))
			m, err := mapfile.Read(b, nil)
			if err == nil {
				t.Fatalf("Read succeeded (%+v), want an error", m.Document)
			}
			t.Logf("error: %v", err)
			if code := argmap.ErrorCode(err); code != argmap.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", code, argmap.EINVALID)
			}
			msg := argmap.ErrorMessage(err)
			if pos := positionOf(b, mark); !strings.HasPrefix(msg, "the map file is not valid: "+pos+" ") {
				t.Errorf("message does not start with the position %s: %q", pos, msg)
			}
			if tt.field != "" {
				if f := argmap.ErrorField(err); f != tt.field {
					t.Errorf("ErrorField = %q, want %q", f, tt.field)
				}
				if !strings.Contains(msg, "] "+tt.field+": ") {
					t.Errorf("message does not name the key path %s: %q", tt.field, msg)
				}
			}
			for _, c := range tt.contains {
				if !strings.Contains(msg, c) {
					t.Errorf("message does not mention %q: %q", c, msg)
				}
			}
			if !strings.Contains(msg, "\n> ") || !strings.Contains(msg, "^") {
				t.Errorf("message does not show the line with a caret: %q", msg)
			}
		})
	}
}

// positionOf is [line:column] of byte offset off, columns in characters.
func positionOf(b []byte, off int) string {
	before := string(b[:off])
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return "[" + itoa(line) + ":" + itoa(col) + "]"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestReadJSONErrorOnALongLine: a generated file is one long line; the
// error shows a window of it around the column, the caret under the key.
func TestReadJSONErrorOnALongLine(t *testing.T) {
	_, j, _ := seedForms(t)
	i := bytes.LastIndex(j, []byte(`"hedgeCue"`))
	b := append(append(append([]byte{}, j[:i]...), `"hedgecue"`...), j[i+len(`"hedgeCue"`):]...)
	_, err := mapfile.Read(b, nil)
	msg := argmap.ErrorMessage(err)
	if !strings.Contains(msg, `unknown field "hedgecue": did you mean "hedgeCue"?`) || !strings.Contains(msg, "] claims[") {
		t.Fatalf("message = %q", msg)
	}
	if len(msg) > 600 {
		t.Errorf("message is %d bytes long; the line should be cut around the error:\n%s", len(msg), msg)
	}
	lines := strings.Split(msg, "\n")
	var shown, caret string
	for k, l := range lines {
		if strings.HasPrefix(l, ">") && k+1 < len(lines) {
			shown, caret = l, lines[k+1]
		}
	}
	col := utf8.RuneCountInString(caret) - 1
	if got := string([]rune(shown)[col:]); !strings.HasPrefix(got, `"hedgecue"`) {
		t.Errorf("the caret points at %q, want the key:\n%s\n%s", got, shown, caret)
	}
}

// TestReadJSONNullIsAMissingKey: null as the value of a key reads like the
// key left out, as in YAML, also for keys the validation requires.
func TestReadJSONNullIsAMissingKey(t *testing.T) {
	base := MustFixture(t, "minimal.json")
	_, err := mapfile.Read(MustReplace(t, base, `"version": 1`, `"version": null`), nil)
	if argmap.ErrorField(err) != "version" || !strings.Contains(argmap.ErrorMessage(err), "has no version") {
		t.Errorf("version null: %v, want the missing-version error", err)
	}
	m := MustRead(t, MustReplace(t, base, `"title": "JSON is YAML"`, `"title": null`))
	if m.Document.Title != "" {
		t.Errorf("title null read as %q", m.Document.Title)
	}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "title") {
		t.Errorf("Validate of a null title: %v, want the missing title reported", err)
	}
}

// TestReadBOM: a UTF-8 byte-order mark at the start is ignored, for JSON
// and for YAML, and positions count from after it.
func TestReadBOM(t *testing.T) {
	const bom = "\ufeff"
	for _, name := range []string{"minimal.json", "inline.yaml"} {
		b := MustFixture(t, name)
		want := MustRead(t, b)
		if got := MustRead(t, append([]byte(bom), b...)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s with a byte-order mark reads differently", name)
		}
	}
	_, err := mapfile.Read([]byte(bom+`{"version": 1, "titel": 1}`), nil)
	if msg := argmap.ErrorMessage(err); !strings.Contains(msg, "[1:16] ") {
		t.Errorf("message %q: want the position [1:16], not counting the byte-order mark", msg)
	}
	_, err = mapfile.Read([]byte(bom+bom+`{"version": 1}`), nil)
	if err == nil {
		t.Errorf("two byte-order marks read, want an error")
	}
}

// TestReadJSONStringsLikeYAML: random strings, written as JSON in three
// ways (as encoding/json writes them, raw, all escaped), read the same on
// the JSON path as with the YAML reader, and as the string written.
func TestReadJSONStringsLikeYAML(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []rune{0, 1, '\t', '\n', '\r', 0x1f, ' ', '"', '\\', '/', '#', ':', '-', '?', '&', '*', '!', '|', '>', '\'',
		'%', '@', '`', '{', '}', '[', ']', ',', 0x7f, 0x80, 0x85, 0x9f, 0xa0, 0xfeff, 0xfffe, 0xffff, 0x2028, 0x2029,
		0xe000, 0x10ffff, 0x1f600, 'é', '’'}
	for range 5000 {
		var sb strings.Builder
		for range rng.IntN(8) {
			var r rune
			switch rng.IntN(3) {
			case 0:
				r = special[rng.IntN(len(special))]
			case 1:
				r = rune(rng.IntN(0x80))
			default:
				if r = rune(rng.IntN(0x110000)); !utf8.ValidRune(r) {
					r = 'x'
				}
			}
			sb.WriteRune(r)
		}
		s := sb.String()
		var enc strings.Builder
		switch rng.IntN(3) {
		case 0:
			b, _ := json.Marshal(s)
			enc.Write(b)
		case 1:
			enc.WriteByte('"')
			for _, r := range s {
				switch {
				case r == '"' || r == '\\':
					enc.WriteByte('\\')
					enc.WriteRune(r)
				case r < 0x20:
					fmt.Fprintf(&enc, `\u%04x`, r)
				default:
					enc.WriteRune(r)
				}
			}
			enc.WriteByte('"')
		default:
			enc.WriteByte('"')
			for _, r := range s {
				if r > 0xffff {
					fmt.Fprintf(&enc, `\u%04x\u%04X`, (r-0x10000)>>10+0xd800, (r-0x10000)&0x3ff+0xdc00)
				} else {
					fmt.Fprintf(&enc, `\u%04x`, r)
				}
			}
			enc.WriteByte('"')
		}
		b := []byte(`{"version": 1, "document": {"title": ` + enc.String() + `}}`)
		fromJSON, err := mapfile.ReadJSON(b, nil)
		if err != nil {
			t.Fatalf("JSON path: %q: %v", b, err)
		}
		fromYAML, err := mapfile.ReadYAML(b, nil)
		if err != nil {
			t.Fatalf("YAML reader: %q: %v", b, err)
		}
		if fromJSON.Document.Title != s || fromYAML.Document.Title != s {
			t.Fatalf("%q: JSON path %q, YAML reader %q, want %q", b, fromJSON.Document.Title, fromYAML.Document.Title, s)
		}
	}
}
