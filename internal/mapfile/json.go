package mapfile

// The JSON path of Read. A map file whose first character is "{" is JSON:
// it is read token by token by go-json-experiment's jsontext decoder, which
// checks the grammar (RFC 8259), UTF-8, escapes and that no object has two
// members of the same name, and decoded straight into the file structs
// against their keys and types (fileSchema). That makes the JSON path as
// strict as the YAML one, which encoding/json alone is not: it matches keys
// case-insensitively, keeps the last of duplicate keys and replaces invalid
// UTF-8 silently. The decoder decides what is valid; when it stops, the bytes
// at its offset are described in the words of the YAML errors, at
// [line:column] with the key path (jsonerror.go).
//
// What the reader accepts (RFC 8259 JSON, plus):
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
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
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

// jsonType is the shape of a file struct, as the reader checks it.
type jsonType struct {
	kind   jsonKind
	ptr    bool         // the Go type is a pointer to the kind
	keys   []string     // jsonObject: the keys, from the yaml tags, in field order
	fields []*jsonType  // jsonObject: the type of each key
	elem   *jsonType    // jsonArray: the type of the items
	typ    reflect.Type // jsonArray: the slice type
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
		s := *schemaOf(t.Elem())
		s.ptr = true
		return &s
	case reflect.Slice:
		return &jsonType{kind: jsonArray, elem: schemaOf(t.Elem()), typ: t}
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
	// A bytes.Buffer is parsed in place, without a copy.
	r := &jsonReader{b: b, dec: jsontext.NewDecoder(bytes.NewBuffer(b)), path: make([]pathElem, 0, 8)}
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return r.errorf(i, `a JSON map file must start with "{", found %s`, r.found(i)).toError(b)
	}
	if err := r.object(fileSchema, reflect.ValueOf(fm).Elem()); err != nil {
		return err.toError(b)
	}
	if i := skipSpace(b, r.off()); i < len(b) {
		return r.errorf(i, `found %s after the map's closing "}": a JSON map file holds one object and nothing after it`, r.found(i)).toError(b)
	}
	return nil
}

// jsonReader decodes a JSON map file into the file structs, token by token.
type jsonReader struct {
	b    []byte
	dec  *jsontext.Decoder
	path []pathElem // where the reader is, for messages
}

// pathElem is a key (key != "") or a list index.
type pathElem struct {
	key   string
	index int
}

// off is the offset of the end of the last token read.
func (r *jsonReader) off() int { return int(r.dec.InputOffset()) }

// start is the offset of the token after offset prev: past whitespace and
// sep (":" or ",", 0 for none) when sep is there.
func (r *jsonReader) start(prev int, sep byte) int {
	i := skipSpace(r.b, prev)
	if sep != 0 && i < len(r.b) && r.b[i] == sep {
		i = skipSpace(r.b, i+1)
	}
	return i
}

func (r *jsonReader) pathString() string {
	var sb strings.Builder
	for _, p := range r.path {
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

func (r *jsonReader) errorf(off int, format string, args ...any) *jsonError {
	return &jsonError{off: off, path: r.pathString(), msg: fmt.Sprintf(format, args...)}
}

// object reads the object whose "{" the decoder has peeked into v, a
// struct of type t. The decoder checks the grammar; where it stops, the
// bytes after the last token it read say what is wrong.
func (r *jsonReader) object(t *jsonType, v reflect.Value) *jsonError {
	if _, err := r.dec.ReadToken(); err != nil {
		return r.unexpected(err)
	}
	open := r.off() - 1
	var seen [maxKeys]int // offset+1 of each key seen, 0 if not yet
	last := -1            // the key of the last member
	for {
		prev := r.off()
		switch r.dec.PeekKind() {
		case '}':
			_, err := r.dec.ReadToken()
			if err != nil {
				return r.unexpected(err)
			}
			return nil
		case '"':
		default:
			return r.badMember(t, open, prev, last)
		}
		name, err := r.dec.ReadValue()
		if err != nil {
			if errors.Is(err, jsontext.ErrDuplicateName) {
				return r.duplicate(t, r.start(prev, ','), &seen)
			}
			return r.stringError(err, r.start(prev, ','))
		}
		keyOff := r.off() - len(name)
		k := t.field(name)
		if k < 0 {
			return r.unknownKey(t, keyOff, name)
		}
		seen[k] = keyOff + 1
		prev = r.off()
		kind := r.dec.PeekKind()
		if kind == jsontext.KindInvalid || kind == '}' || kind == ']' {
			switch i := skipSpace(r.b, prev); {
			case i >= len(r.b):
				return r.unclosed(open, '}')
			case r.b[i] != ':':
				return r.errorf(i, `expected ":" after the key %q, found %s%s`, t.keys[k], r.found(i), jsonHint)
			}
		}
		r.path = append(r.path, pathElem{key: t.keys[k]})
		if err := r.value(t.fields[k], v.Field(k), false, prev, ':', kind); err != nil {
			return err
		}
		r.path = r.path[:len(r.path)-1]
		last = k
	}
}

// field returns the index in t of the key whose string token is key, or -1.
func (t *jsonType) field(key []byte) int {
	raw := key[1 : len(key)-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		var err error
		if raw, err = jsontext.AppendUnquote(nil, key); err != nil {
			return -1
		}
	}
	for i, name := range t.keys {
		if string(raw) == name {
			return i
		}
	}
	return -1
}

// array reads the list whose "[" the decoder has peeked into v, a slice of
// type t.
func (r *jsonReader) array(t *jsonType, v reflect.Value) *jsonError {
	if _, err := r.dec.ReadToken(); err != nil {
		return r.unexpected(err)
	}
	open := r.off() - 1
	if v.IsNil() {
		v.Set(reflect.MakeSlice(t.typ, 0, 0)) // [] is an empty list, as in YAML; null is none
	}
	for n := 0; ; n++ {
		prev := r.off()
		kind := r.dec.PeekKind()
		switch kind {
		case ']':
			_, err := r.dec.ReadToken()
			if err != nil {
				return r.unexpected(err)
			}
			return nil
		case jsontext.KindInvalid, '}': // PeekKind names a closer that does not match
			i := skipSpace(r.b, prev)
			if n > 0 {
				if i >= len(r.b) {
					return r.unclosed(open, ']')
				}
				if r.b[i] != ',' {
					return r.errorf(i, `expected "," or "]" after item %d of the list, found %s%s`, n-1, r.found(i), jsonHint)
				}
				if i = skipSpace(r.b, i+1); i < len(r.b) && r.b[i] == ']' {
					return r.errorf(i, `found "]" after ",": expected a list item`+jsonHint)
				}
			}
			if i >= len(r.b) {
				return r.unclosed(open, ']')
			}
		}
		sep := byte(',')
		if n == 0 {
			sep = 0
		}
		v.Grow(1)
		v.SetLen(n + 1)
		r.path = append(r.path, pathElem{index: n})
		if err := r.value(t.elem, v.Index(n), true, prev, sep, kind); err != nil {
			return err
		}
		r.path = r.path[:len(r.path)-1]
	}
}

// value reads the value of kind (peeked) that follows offset prev and sep
// into v, of type t; item is true for a list item, which may not be null.
func (r *jsonReader) value(t *jsonType, v reflect.Value, item bool, prev int, sep byte, kind jsontext.Kind) *jsonError {
	switch {
	case kind == 'n':
		if _, err := r.dec.ReadToken(); err != nil {
			return r.mismatch(t, r.start(prev, sep))
		}
		if item {
			return r.errorf(r.start(prev, sep), "expected %s, found null: a list item cannot be null", t.kind)
		}
		return nil // as if the key were left out
	case kind == '{' && t.kind == jsonObject:
		if t.ptr {
			p := reflect.New(v.Type().Elem())
			v.Set(p)
			v = p.Elem()
		}
		return r.object(t, v)
	case kind == '[' && t.kind == jsonArray:
		return r.array(t, v)
	case kind == '"' && t.kind == jsonString:
		tok, err := r.dec.ReadToken()
		if err != nil {
			return r.stringError(err, r.start(prev, sep))
		}
		v.SetString(tok.String())
		return nil
	case kind == '0' && t.kind == jsonInt:
		return r.integer(t, v, prev, sep)
	}
	i := r.start(prev, sep)
	if i >= len(r.b) {
		return r.errorf(i, "the file ends where %s was expected: it is cut short", t.kind)
	}
	return r.mismatch(t, i)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// integer reads the number that follows offset prev and sep into v: a whole
// number that fits an int.
func (r *jsonReader) integer(t *jsonType, v reflect.Value, prev int, sep byte) *jsonError {
	raw, err := r.dec.ReadValue()
	if err != nil {
		start := r.start(prev, sep)
		if r.b[start] == '-' && (start+1 >= len(r.b) || !isDigit(r.b[start+1])) {
			return r.errorf(start, `invalid number %s: a minus sign must be followed by digits`, strconv.Quote(r.numberText(start)))
		}
		return r.errorf(start, "expected a whole number, found %s", r.numberText(start))
	}
	end := r.off()
	start := end - len(raw)
	switch {
	case end < len(r.b) && isDigit(r.b[end]):
		// The decoder read "0" of "025" and stops at the "2".
		return r.errorf(start, "invalid number %s: JSON numbers have no leading zeros", r.numberText(start))
	case bytes.ContainsAny(raw, ".eE"):
		return r.errorf(start, "expected a whole number, found %s", r.numberText(start))
	}
	digits := raw
	limit := uint64(math.MaxInt)
	if raw[0] == '-' {
		digits, limit = raw[1:], limit+1
	}
	var n uint64
	for _, c := range digits {
		d := uint64(c - '0')
		if n > (limit-d)/10 {
			return r.errorf(start, "the number %s is too large", r.numberText(start))
		}
		n = n*10 + d
	}
	i := int64(n) // -(MaxInt+1) wraps to itself
	if raw[0] == '-' {
		i = -i
	}
	if t.ptr {
		p := reflect.New(v.Type().Elem())
		p.Elem().SetInt(i)
		v.Set(p)
	} else {
		v.SetInt(i)
	}
	return nil
}
