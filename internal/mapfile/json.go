package mapfile

// The JSON path of Read. A map file whose first character is "{" is JSON:
// it is checked by a strict scanner (jsonCheck) against the keys and types
// of the file structs, then decoded into them by encoding/json. The scanner
// makes the JSON path as strict as the YAML one, which encoding/json alone
// is not: it matches keys case-insensitively, keeps the last of duplicate
// keys and replaces invalid UTF-8 silently.
//
// What the scanner accepts (RFC 8259 JSON, plus):
//   - keys exactly as the yaml tags spell them (case-sensitive), each at most
//     once per object (after unescaping: "vers\u0069on" is "version");
//   - strings for string fields, whole numbers that fit an int for integer
//     fields (no fraction, no exponent), lists and objects where the structs
//     have slices and structs;
//   - null as the value of a key, meaning the same as leaving the key out
//     (as YAML reads it); null is not a list item;
//   - valid UTF-8 only, and no lone UTF-16 surrogate escapes;
//   - one top-level object and nothing after it but whitespace.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/argmap/argmap/internal/argmap"
)

// jsonKind is what a file struct expects at a place in the JSON.
type jsonKind uint8

const (
	jsonObject jsonKind = iota
	jsonArray
	jsonString
	jsonInt
)

func (k jsonKind) String() string {
	switch k {
	case jsonObject:
		return "a map {…}"
	case jsonArray:
		return "a list […]"
	case jsonString:
		return "a string"
	default:
		return "a whole number"
	}
}

// jsonType is the shape of a file struct, as the scanner checks it.
type jsonType struct {
	kind   jsonKind
	keys   []string    // jsonObject: the keys, from the yaml tags
	fields []*jsonType // jsonObject: the type of each key
	elem   *jsonType   // jsonArray: the type of the items
}

// maxKeys bounds the number of keys of one file struct (duplicate keys are
// tracked in a fixed array).
const maxKeys = 16

// fileSchema is the shape of File, derived from its yaml tags, so that the
// JSON and YAML paths know the same keys.
var fileSchema = schemaOf(reflect.TypeFor[File]())

func schemaOf(t reflect.Type) *jsonType {
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem())
	case reflect.Slice:
		return &jsonType{kind: jsonArray, elem: schemaOf(t.Elem())}
	case reflect.String:
		return &jsonType{kind: jsonString}
	case reflect.Int:
		return &jsonType{kind: jsonInt}
	case reflect.Struct:
		if t.NumField() > maxKeys {
			panic("mapfile: " + t.Name() + " has more than maxKeys fields")
		}
		s := &jsonType{kind: jsonObject}
		for i := range t.NumField() {
			f := t.Field(i)
			name := f.Tag.Get("yaml")
			if jsonName, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == "" || jsonName != name {
				panic(fmt.Sprintf("mapfile: field %s.%s: the json tag must equal the yaml tag", t.Name(), f.Name))
			}
			s.keys = append(s.keys, name)
			s.fields = append(s.fields, schemaOf(f.Type))
		}
		return s
	}
	panic("mapfile: no JSON shape for " + t.String())
}

// isJSON reports whether a map file (without its byte-order mark) is JSON:
// whether its first character after whitespace is "{".
func isJSON(b []byte) bool {
	i := skipSpace(b, 0)
	return i < len(b) && b[i] == '{'
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// decodeJSON decodes a JSON map file into fm as strictly as decodeYAML does.
func decodeJSON(b []byte, fm *File) error {
	if err := jsonCheck(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(fm); err != nil {
		// jsonCheck accepted b, so this is a bug of jsonCheck; still an
		// error about the file, with its position.
		off := 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			off = int(se.Offset)
		case errors.As(err, &te):
			off = int(te.Offset)
		}
		return (&jsonError{off: off, msg: err.Error()}).toError(b)
	}
	return nil
}

// jsonError is an error of the JSON path at byte offset off of the file,
// in the value at path (a key path such as claims[3].quotes[0].start).
type jsonError struct {
	off  int
	path string
	msg  string
}

// toError formats the error like the YAML errors: "[line:column] message"
// and the lines around it, the error's line marked.
func (e *jsonError) toError(b []byte) error {
	line, col := position(b, e.off)
	msg := e.msg
	if e.path != "" {
		msg = e.path + ": " + msg
	}
	text := fmt.Sprintf("[%d:%d] %s\n%s", line, col, msg, sourceContext(b, line, col))
	return argmap.FieldErrorf(argmap.EINVALID, e.path, "the map file is not valid: %s", text)
}

// position returns the 1-based line and column of byte offset off. Columns
// count characters (code points), as the YAML errors do; an invalid UTF-8
// byte counts as one. Lines end at "\n", "\r\n" or a lone "\r".
func position(b []byte, off int) (line, col int) {
	off = min(off, len(b))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		switch b[i] {
		case '\n':
			line, start = line+1, i+1
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			line, start = line+1, i+1
		}
	}
	return line, utf8.RuneCount(b[start:off]) + 1
}

// splitLines splits b at "\n", "\r\n" and lone "\r", as position counts lines.
func splitLines(b []byte) [][]byte {
	var lines [][]byte
	start := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
			lines = append(lines, b[start:i])
			start = i + 1
		case '\r':
			lines = append(lines, b[start:i])
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	return append(lines, b[start:])
}

// contextWidth is how many characters of a line sourceContext shows: a
// generated JSON file may be one line of megabytes.
const contextWidth = 120

// sourceContext returns the lines around line (up to three before and
// after), numbered, the line marked with ">" and the column with "^", in the
// layout of goccy/go-yaml's errors. Long lines are cut around the column.
func sourceContext(b []byte, line, col int) string {
	lines := splitLines(b)
	if len(lines) > line && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1] // the end of the last line, not a line
	}
	first, last := max(line-3, 1), min(line+3, len(lines))
	// The window of characters shown, the same for every line so that the
	// lines stay aligned.
	from := 0
	if col-1 >= contextWidth-10 {
		from = col - 1 - contextWidth/2
	}
	var sb strings.Builder
	for n := first; n <= last; n++ {
		prefix := fmt.Sprintf("  %2d | ", n)
		if n == line {
			prefix = fmt.Sprintf("> %2d | ", n)
		}
		sb.WriteString(prefix)
		shown, caret := clip(lines[n-1], from, col-1)
		sb.WriteString(shown)
		sb.WriteByte('\n')
		if n == line {
			sb.WriteString(strings.Repeat(" ", len(prefix)+caret))
			sb.WriteString("^\n")
		}
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// clip returns the characters [from, from+contextWidth) of a line, with "…"
// where it is cut, tabs as spaces and other control characters and invalid
// UTF-8 as "�" (so that the caret stays under the column), and where the
// character col (0-based) of the line is shown.
func clip(line []byte, from, col int) (string, int) {
	var sb strings.Builder
	caret := col - from
	if from > 0 {
		sb.WriteString("…")
		caret++
	}
	for n, i := 0, 0; i < len(line); n++ {
		r, size := utf8.DecodeRune(line[i:])
		i += size
		if n < from {
			continue
		}
		if n >= from+contextWidth {
			sb.WriteString("…")
			break
		}
		switch {
		case r == '\t':
			r = ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029:
			r = utf8.RuneError
		}
		sb.WriteRune(r)
	}
	return sb.String(), caret
}

// jsonScanner checks a JSON map file against fileSchema.
type jsonScanner struct {
	b    []byte
	i    int
	path []pathElem // where the scanner is, for messages
}

// pathElem is a key (key != "") or a list index.
type pathElem struct {
	key   string
	index int
}

// jsonCheck checks that b is one JSON object of the shape of File.
func jsonCheck(b []byte) error {
	s := &jsonScanner{b: b, path: make([]pathElem, 0, 8)}
	s.i = skipSpace(b, 0)
	if s.i >= len(b) || b[s.i] != '{' {
		return s.errorf(s.i, `a JSON map file must start with "{", found %s`, s.found(s.i)).toError(b)
	}
	if err := s.object(fileSchema); err != nil {
		return err.toError(b)
	}
	if s.i = skipSpace(b, s.i); s.i < len(b) {
		return s.errorf(s.i, `found %s after the map's closing "}": a JSON map file holds one object and nothing after it`, s.found(s.i)).toError(b)
	}
	return nil
}

func (s *jsonScanner) pathString() string {
	var sb strings.Builder
	for _, p := range s.path {
		if p.key == "" {
			fmt.Fprintf(&sb, "[%d]", p.index)
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(p.key)
	}
	return sb.String()
}

func (s *jsonScanner) errorf(off int, format string, args ...any) *jsonError {
	return &jsonError{off: off, path: s.pathString(), msg: fmt.Sprintf(format, args...)}
}

// found describes what is at offset i, for "expected …, found …".
func (s *jsonScanner) found(i int) string {
	if i >= len(s.b) {
		return "the end of the file"
	}
	switch c := s.b[i]; {
	case c == '{':
		return `a map "{"`
	case c == '[':
		return `a list "["`
	case c == '"':
		return "a string"
	case c == '-' || c >= '0' && c <= '9':
		return "the number " + s.numberText(i)
	case s.literal(i, "null"):
		return "null"
	case s.literal(i, "true"):
		return "true"
	case s.literal(i, "false"):
		return "false"
	}
	r, size := utf8.DecodeRune(s.b[i:])
	switch {
	case r == utf8.RuneError && size == 1:
		return fmt.Sprintf("the byte 0x%02x, which is not UTF-8", s.b[i])
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf("the control character U+%04X", r)
	}
	return strconv.Quote(string(r))
}

// numberText returns the number-like text at i, cut to 30 characters.
func (s *jsonScanner) numberText(i int) string {
	j := i
	for j < len(s.b) && j-i < 30 && strings.IndexByte("+-.0123456789eE", s.b[j]) >= 0 {
		j++
	}
	if j == i {
		return strconv.Quote(string(s.b[i : i+1]))
	}
	return string(s.b[i:j])
}

func (s *jsonScanner) literal(i int, lit string) bool {
	return len(s.b)-i >= len(lit) && string(s.b[i:i+len(lit)]) == lit
}

// jsonHint follows syntax errors where YAML syntax is the likely cause.
const jsonHint = ` (a map file that starts with "{" is read as JSON: keys and strings in double quotes, no comments, no comma before "}" or "]")`

// value checks the value at s.i (not whitespace) against t; item is true for
// a list item, which may not be null.
func (s *jsonScanner) value(t *jsonType, item bool) *jsonError {
	if s.i >= len(s.b) {
		return s.errorf(s.i, "the file ends where %s was expected: it is cut short", t.kind)
	}
	c := s.b[s.i]
	switch {
	case c == '{' && t.kind == jsonObject:
		return s.object(t)
	case c == '[' && t.kind == jsonArray:
		return s.array(t)
	case c == '"' && t.kind == jsonString:
		_, err := s.str()
		return err
	case (c == '-' || c >= '0' && c <= '9') && t.kind == jsonInt:
		return s.integer()
	case c == 'n' && s.literal(s.i, "null"):
		if item {
			return s.errorf(s.i, "expected %s, found null: a list item cannot be null", t.kind)
		}
		s.i += len("null")
		return nil
	case c == '{' || c == '[' || c == '"' || c == '-' || c >= '0' && c <= '9' || s.literal(s.i, "true") || s.literal(s.i, "false"):
		what := s.found(s.i)
		if t.kind == jsonString && (c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f') {
			what += " (text goes in double quotes)"
		}
		return s.errorf(s.i, "expected %s, found %s", t.kind, what)
	}
	return s.errorf(s.i, "expected %s, found %s%s", t.kind, s.found(s.i), jsonHint)
}

// object checks the object at s.i ("{") against t.
func (s *jsonScanner) object(t *jsonType) *jsonError {
	open := s.i
	s.i++
	var seen [maxKeys]int // offset+1 of each key seen, 0 if not yet
	for first := true; ; first = false {
		s.i = skipSpace(s.b, s.i)
		if s.i >= len(s.b) {
			return s.unclosed(open, '}')
		}
		if s.b[s.i] == '}' {
			if !first {
				return s.errorf(s.i, `found "}" after ",": expected a key in double quotes`+jsonHint)
			}
			s.i++
			return nil
		}
		if s.b[s.i] != '"' {
			return s.errorf(s.i, "expected a key in double quotes, found %s%s", s.found(s.i), jsonHint)
		}
		keyOff := s.i
		key, err := s.str()
		if err != nil {
			return err
		}
		k := s.field(t, key)
		if k < 0 {
			return s.unknownKey(t, keyOff, key)
		}
		if seen[k] != 0 {
			line, col := position(s.b, seen[k]-1)
			return s.errorf(keyOff, "duplicate key: %q already defined at [%d:%d]", t.keys[k], line, col)
		}
		seen[k] = keyOff + 1
		s.i = skipSpace(s.b, s.i)
		if s.i >= len(s.b) {
			return s.unclosed(open, '}')
		}
		if s.b[s.i] != ':' {
			return s.errorf(s.i, `expected ":" after the key %q, found %s%s`, t.keys[k], s.found(s.i), jsonHint)
		}
		s.i = skipSpace(s.b, s.i+1)
		s.path = append(s.path, pathElem{key: t.keys[k]})
		if err := s.value(t.fields[k], false); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		s.i = skipSpace(s.b, s.i)
		if s.i >= len(s.b) {
			return s.unclosed(open, '}')
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.errorf(s.i, `expected "," or "}" after the value of %q, found %s%s`, t.keys[k], s.found(s.i), jsonHint)
		}
	}
}

// field returns the index in t of the key whose raw (still escaped) string
// token is key, or -1.
func (s *jsonScanner) field(t *jsonType, key []byte) int {
	raw := key[1 : len(key)-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		var k string
		if json.Unmarshal(key, &k) != nil {
			return -1
		}
		raw = []byte(k)
	}
	for i, name := range t.keys {
		if string(raw) == name {
			return i
		}
	}
	return -1
}

func (s *jsonScanner) unknownKey(t *jsonType, off int, key []byte) *jsonError {
	var k string
	if json.Unmarshal(key, &k) != nil {
		k = string(key)
	}
	for _, name := range t.keys {
		if strings.EqualFold(k, name) {
			return s.errorf(off, "unknown field %q: did you mean %q? Keys are case-sensitive", k, name)
		}
	}
	return s.errorf(off, "unknown field %q (the keys here are %s)", k, strings.Join(t.keys, ", "))
}

// unclosed is the error of a file that ends inside the object or list that
// opens at offset open.
func (s *jsonScanner) unclosed(open int, closer byte) *jsonError {
	line, col := position(s.b, open)
	what := "map"
	if closer == ']' {
		what = "list"
	}
	return s.errorf(len(s.b), "the file ends before the %s opened at [%d:%d] is closed with %q: it is cut short", what, line, col, string(closer))
}

// array checks the list at s.i ("[") against t.
func (s *jsonScanner) array(t *jsonType) *jsonError {
	open := s.i
	s.i++
	for n := 0; ; n++ {
		s.i = skipSpace(s.b, s.i)
		if s.i >= len(s.b) {
			return s.unclosed(open, ']')
		}
		if s.b[s.i] == ']' {
			if n > 0 {
				return s.errorf(s.i, `found "]" after ",": expected a list item`+jsonHint)
			}
			s.i++
			return nil
		}
		s.path = append(s.path, pathElem{index: n})
		if err := s.value(t.elem, true); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		s.i = skipSpace(s.b, s.i)
		if s.i >= len(s.b) {
			return s.unclosed(open, ']')
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return s.errorf(s.i, `expected "," or "]" after item %d of the list, found %s%s`, n, s.found(s.i), jsonHint)
		}
	}
}

// plain[c] is true for the bytes a JSON string holds as they are: ASCII
// from space on, but the quote and the backslash.
var plain = func() (p [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		p[c] = c != '"' && c != '\\'
	}
	return p
}()

// str checks the string at s.i (`"`) and returns its token, quotes included.
func (s *jsonScanner) str() ([]byte, *jsonError) {
	start := s.i
	b := s.b
	i := s.i + 1
	for {
		for i < len(b) && plain[b[i]] {
			i++
		}
		if i >= len(b) {
			return nil, s.errorf(i, "the file ends inside the string that starts at %s: it is cut short", s.at(start))
		}
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return b[start:s.i], nil
		case c == '\\':
			n, err := s.escape(i)
			if err != nil {
				return nil, err
			}
			i += n
		case c < 0x20:
			hint := ""
			switch c {
			case '\n', '\r':
				hint = `; write a line break as \n`
			case '\t':
				hint = `; write a tab as \t`
			}
			return nil, s.errorf(i, "the control character U+%04X must be escaped inside a JSON string%s", c, hint)
		default: // c >= 0x80
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return nil, s.errorf(i, "the byte 0x%02x is not valid UTF-8: save the file as UTF-8", c)
			}
			i += size
		}
	}
}

// at formats the position of offset off as [line:column].
func (s *jsonScanner) at(off int) string {
	line, col := position(s.b, off)
	return fmt.Sprintf("[%d:%d]", line, col)
}

// escape checks the escape sequence at i ("\") and returns its length.
func (s *jsonScanner) escape(i int) (int, *jsonError) {
	b := s.b
	if i+1 >= len(b) {
		return 0, s.errorf(i, "the file ends inside an escape sequence: it is cut short")
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		r, ok := hex4(b, i+2)
		if !ok {
			n := 2
			for n < 6 && i+n < len(b) && strings.IndexByte("0123456789abcdefABCDEF", b[i+n]) >= 0 {
				n++
			}
			return 0, s.errorf(i, `invalid escape %s: \u takes four hex digits`, s.escText(i, n))
		}
		switch {
		case r >= 0xd800 && r < 0xdc00:
			r2, ok := rune(0), false
			if i+7 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
				r2, ok = hex4(b, i+8)
			}
			if !ok || r2 < 0xdc00 || r2 >= 0xe000 {
				return 0, s.errorf(i, `the escape %s is the first half of a UTF-16 surrogate pair, and the second half (\uDC00 to \uDFFF) does not follow`, s.escText(i, 6))
			}
			return 12, nil
		case r >= 0xdc00 && r < 0xe000:
			return 0, s.errorf(i, `the escape %s is the second half of a UTF-16 surrogate pair without the first`, s.escText(i, 6))
		}
		return 6, nil
	}
	return 0, s.errorf(i, `invalid escape %s: JSON knows \" \\ \/ \b \f \n \r \t and \uXXXX`, s.escText(i, 2))
}

// escText returns up to n bytes of an escape at i, for messages.
func (s *jsonScanner) escText(i, n int) string {
	j := min(i+n, len(s.b))
	for j > i && !utf8.Valid(s.b[i:j]) {
		j--
	}
	return string(s.b[i:j])
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// integer checks the number at s.i: a whole number that fits an int.
func (s *jsonScanner) integer() *jsonError {
	b, start := s.b, s.i
	i := start
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	digits := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	switch {
	case i == digits:
		return s.errorf(start, `invalid number %s: a minus sign must be followed by digits`, strconv.Quote(s.numberText(start)))
	case b[digits] == '0' && i-digits > 1:
		return s.errorf(start, "invalid number %s: JSON numbers have no leading zeros", s.numberText(start))
	case i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E'):
		return s.errorf(start, "expected a whole number, found %s", s.numberText(start))
	}
	limit := uint64(math.MaxInt)
	if neg {
		limit++
	}
	var v uint64
	for _, c := range b[digits:i] {
		d := uint64(c - '0')
		if v > (limit-d)/10 {
			return s.errorf(start, "the number %s is too large", s.numberText(start))
		}
		v = v*10 + d
	}
	s.i = i
	return nil
}
