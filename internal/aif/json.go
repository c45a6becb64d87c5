package aif

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/argmap/argmap/internal/argmap"
)

// Limits on the JSON that Import accepts. They bound the memory and time one
// hostile input can cost before anything is built from it.
const (
	// MaxInputBytes bounds the whole input (the size limit of map files).
	MaxInputBytes = 64 << 20
	// MaxDepth bounds the nesting of arrays and objects. Argmap's own
	// exports nest 7 levels deep; AIFdb and xAIF files fewer.
	MaxDepth = 64
	// MaxItems bounds the elements of any one array (nodes, edges,
	// locutions, claims, …) and the members of any one object.
	MaxItems = 200_000
	// MaxStringChars bounds every string (and number literal and object
	// key), in code points, except the document text.
	MaxStringChars = 100_000
)

// The document text may be as long as a map allows; it travels in the
// top-level "text" string (or the "txt" member of an xAIF "text" object).
var textPaths = [][]string{{"text"}, {"text", "txt"}}

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// jvalue is a decoded JSON value. Objects keep their members in input order.
type jvalue struct {
	kind jkind
	s    string // a string, or the literal of a number
	b    bool
	keys []string // object member names
	vals []jvalue // object member values, or array elements
}

// seg is one step of a JSON path: an object member or an array index.
type seg struct {
	key string
	idx int // -1 for an object member
}

// parser decodes JSON into jvalues token by token, enforcing the limits, and
// knows at each step the JSON path it is at, so that every error can name it.
// The grammar, UTF-8 and unique member names are jsontext's (RFC 8259 with
// RFC 7493's stricter rules, by default): encoding/json would silently replace
// invalid UTF-8 and keep the last of two members of the same name.
type parser struct {
	data []byte
	dec  *jsontext.Decoder
	path []seg
}

func (p *parser) pathString() string {
	var b strings.Builder
	for _, s := range p.path {
		if s.idx >= 0 {
			b.WriteString("[")
			b.WriteString(strconv.Itoa(s.idx))
			b.WriteString("]")
			continue
		}
		writeKey(&b, s.key)
	}
	return b.String()
}

// writeKey appends an object member to a path: .name, or ["…"] when the name
// is not a plain identifier.
func writeKey(b *strings.Builder, key string) {
	plain := key != "" && len(key) <= 80
	for _, r := range key {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	switch {
	case !plain:
		b.WriteString("[")
		b.WriteString(strconv.Quote(short(key)))
		b.WriteString("]")
	case b.Len() == 0:
		b.WriteString(key)
	default:
		b.WriteString(".")
		b.WriteString(key)
	}
}

// errorAt returns a BAD_USER_INPUT error naming the JSON path in its field
// and at the start of its message (clients may only see the message).
func errorAt(path, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if path == "" {
		return argmap.Errorf(argmap.EINVALID, "%s", msg)
	}
	return argmap.FieldErrorf(argmap.EINVALID, path, "%s: %s", path, msg)
}

func (p *parser) errorf(format string, args ...any) error {
	return errorAt(p.pathString(), format, args...)
}

// token reads the next token.
func (p *parser) token() (jsontext.Token, error) {
	tok, err := p.dec.ReadToken()
	if err != nil {
		return tok, p.syntaxError(err)
	}
	return tok, nil
}

// syntaxError words an error of the decoder: invalid UTF-8 and duplicate
// members get their own messages, with the path of the value at fault.
func (p *parser) syntaxError(err error) error {
	var se *jsontext.SyntacticError
	switch {
	case errors.Is(err, jsontext.ErrDuplicateName) && errors.As(err, &se):
		p.path = append(p.path, seg{key: se.JSONPointer.LastToken(), idx: -1})
		return p.errorf("the member is given twice")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return p.errorf("the input is not valid JSON: it ends too early")
	case errors.As(err, &se):
		if off := int(se.ByteOffset); off < len(p.data) {
			if r, size := utf8.DecodeRune(p.data[off:]); r == utf8.RuneError && size == 1 {
				return p.errorf("invalid UTF-8 at byte %d", off)
			}
		}
		return p.errorf("the input is not valid JSON: %s (at byte %d)", se.Err, se.ByteOffset)
	}
	return p.errorf("the input is not valid JSON: %v", err)
}

// textPath reports whether the parser is at a document text.
func (p *parser) textPath() bool {
	for _, tp := range textPaths {
		if len(tp) != len(p.path) {
			continue
		}
		ok := true
		for i, s := range p.path {
			if s.idx >= 0 || s.key != tp[i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (p *parser) checkString(s string, what string) error {
	limit := MaxStringChars
	if what == "string" && p.textPath() {
		limit = argmap.MaxTextLength
	}
	if len(s) > limit && utf8.RuneCountInString(s) > limit {
		return p.errorf("%s is longer than %d characters", what, limit)
	}
	return nil
}

func (p *parser) value(depth int) (jvalue, error) {
	tok, err := p.token()
	if err != nil {
		return jvalue{}, err
	}
	switch tok.Kind() {
	case 'n':
		return jvalue{kind: jNull}, nil
	case 'f', 't':
		return jvalue{kind: jBool, b: tok.Bool()}, nil
	case '0':
		// The literal as written (String gives a number's raw text).
		s := tok.String()
		if err := p.checkString(s, "number"); err != nil {
			return jvalue{}, err
		}
		return jvalue{kind: jNumber, s: s}, nil
	case '"':
		s := tok.String()
		if err := p.checkString(s, "string"); err != nil {
			return jvalue{}, err
		}
		return jvalue{kind: jString, s: s}, nil
	case '[', '{':
		if depth >= MaxDepth {
			return jvalue{}, p.errorf("nesting is deeper than %d levels", MaxDepth)
		}
		if tok.Kind() == '[' {
			return p.array(depth)
		}
		return p.object(depth)
	}
	return jvalue{}, p.errorf("unexpected JSON token %v", tok)
}

// more reports whether the array or object being read has another element
// or member (as encoding/json's More: at a syntax error it is true, so that
// the error is the element's; at the end of the input false, so that it is
// the array's or the object's).
func (p *parser) more() bool {
	switch p.dec.PeekKind() {
	case ']', '}':
		return false
	case jsontext.KindInvalid:
		return len(bytes.TrimLeft(p.data[p.dec.InputOffset():], " \t\r\n")) > 0
	}
	return true
}

func (p *parser) array(depth int) (jvalue, error) {
	v := jvalue{kind: jArray, vals: []jvalue{}}
	for i := 0; p.more(); i++ {
		if i == MaxItems {
			return jvalue{}, p.errorf("has more than %d elements", MaxItems)
		}
		p.path = append(p.path, seg{idx: i})
		el, err := p.value(depth + 1)
		if err != nil {
			return jvalue{}, err
		}
		p.path = p.path[:len(p.path)-1]
		v.vals = append(v.vals, el)
	}
	_, err := p.token() // ]
	return v, err
}

func (p *parser) object(depth int) (jvalue, error) {
	v := jvalue{kind: jObject}
	for p.more() {
		tok, err := p.token() // a string: the decoder checks the grammar
		if err != nil {
			return jvalue{}, err
		}
		key := tok.String()
		if len(v.keys) == MaxItems {
			return jvalue{}, p.errorf("has more than %d members", MaxItems)
		}
		p.path = append(p.path, seg{key: key, idx: -1})
		if err := p.checkString(key, "member name"); err != nil {
			return jvalue{}, err
		}
		el, err := p.value(depth + 1)
		if err != nil {
			return jvalue{}, err
		}
		p.path = p.path[:len(p.path)-1]
		v.keys = append(v.keys, key)
		v.vals = append(v.vals, el)
	}
	_, err := p.token() // }
	return v, err
}

// decode checks the input's size and decodes it.
func decode(data []byte) (jvalue, error) {
	if len(data) > MaxInputBytes {
		return jvalue{}, argmap.Errorf(argmap.EINVALID, "the input is %d bytes, more than the limit of %d MiB", len(data), MaxInputBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return jvalue{}, argmap.Errorf(argmap.EINVALID, "the input is empty: expected AIF JSON")
	}
	// A bytes.Buffer is parsed in place, without a copy.
	p := &parser{data: data, dec: jsontext.NewDecoder(bytes.NewBuffer(data))}
	v, err := p.value(0)
	if err != nil {
		return jvalue{}, err
	}
	if rest := bytes.TrimLeft(data[p.dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return jvalue{}, argmap.Errorf(argmap.EINVALID, "the input is not valid JSON: more data follows the top-level value (at byte %d)", len(data)-len(rest))
	}
	return v, nil
}

// short shortens a string quoted in an error message.
func short(s string) string {
	const n = 80
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// jnode is a decoded value with its JSON path, for reading it with errors
// that name the path.
type jnode struct {
	v    *jvalue
	path string
}

func (n jnode) child(key string) string {
	var b strings.Builder
	b.WriteString(n.path)
	writeKey(&b, key)
	return b.String()
}

func (n jnode) errorf(format string, args ...any) error {
	return errorAt(n.path, format, args...)
}

func (n jnode) typeError(want string) error {
	return n.errorf("expected %s, found %s", want, n.v.kind)
}

// get returns the member key of an object; ok is false when it is absent.
func (n jnode) get(key string) (jnode, bool) {
	for i, k := range n.v.keys {
		if k == key {
			return jnode{v: &n.v.vals[i], path: n.child(key)}, true
		}
	}
	return jnode{}, false
}

// has reports whether the object has the member key with a non-null value.
func (n jnode) has(key string) bool {
	c, ok := n.get(key)
	return ok && c.v.kind != jNull
}

// object checks that n is an object and, when known is given, that it has
// no other members.
func (n jnode) object(known ...string) error {
	if n.v.kind != jObject {
		return n.typeError("an object")
	}
	if known == nil {
		return nil
	}
	for i, k := range n.v.keys {
		ok := false
		for _, w := range known {
			ok = ok || k == w
		}
		if !ok {
			return errorAt(n.child(n.v.keys[i]), "unknown member (expected one of %s)", strings.Join(known, ", "))
		}
	}
	return nil
}

// elems returns the elements of an array; a null or absent array has none
// and is reported as nil, an empty array as an empty slice.
func (n jnode) elems() ([]jnode, error) {
	switch n.v.kind {
	case jNull:
		return nil, nil
	case jArray:
	default:
		return nil, n.typeError("an array")
	}
	out := make([]jnode, len(n.v.vals))
	for i := range n.v.vals {
		out[i] = jnode{v: &n.v.vals[i], path: n.path + "[" + strconv.Itoa(i) + "]"}
	}
	return out, nil
}

// member returns the member key, or a null node when it is absent.
func (n jnode) member(key string) jnode {
	if c, ok := n.get(key); ok {
		return c
	}
	return jnode{v: &jvalue{kind: jNull}, path: n.child(key)}
}

// str reads a string member; absent is "".
func (n jnode) str(key string) (string, error) {
	c, ok := n.get(key)
	if !ok {
		return "", nil
	}
	if c.v.kind != jString {
		return "", c.typeError("a string")
	}
	return c.v.s, nil
}

// integer reads an integer member; absent is def.
func (n jnode) integer(key string, def int) (int, error) {
	c, ok := n.get(key)
	if !ok {
		return def, nil
	}
	if c.v.kind != jNumber {
		return 0, c.typeError("an integer")
	}
	i, err := strconv.Atoi(c.v.s)
	if err != nil {
		return 0, c.errorf("expected an integer, found %s", short(c.v.s))
	}
	return i, nil
}

// strings reads an array of strings; null or absent is nil.
func (n jnode) strings(key string) ([]string, error) {
	els, err := n.member(key).elems()
	if err != nil || els == nil {
		return nil, err
	}
	out := make([]string, len(els))
	for i, e := range els {
		if e.v.kind != jString {
			return nil, e.typeError("a string")
		}
		out[i] = e.v.s
	}
	return out, nil
}

// id reads a required AIF id: a non-empty string or an integer (AIFdb
// writes ids as strings, xAIF often as numbers). An integer 12 and a string
// "12" are the same id.
func (n jnode) id(key string) (string, error) {
	c, ok := n.get(key)
	if !ok {
		return "", errorAt(n.child(key), "is required")
	}
	switch c.v.kind {
	case jString:
		if c.v.s == "" {
			return "", c.errorf("is empty")
		}
		return c.v.s, nil
	case jNumber:
		if _, err := strconv.ParseInt(c.v.s, 10, 64); err != nil {
			return "", c.errorf("expected a string or an integer, found the number %s", short(c.v.s))
		}
		return c.v.s, nil
	}
	return "", c.typeError("a string or an integer")
}
