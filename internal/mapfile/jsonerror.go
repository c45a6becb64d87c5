package mapfile

// The words of the JSON path's errors. The decoder says where a file stops
// being valid JSON; what is wrong there is told from the bytes at that
// offset, in the terms of the YAML errors: "[line:column] key.path: message"
// and the lines around it.

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/argmap/argmap/internal/argmap"
)

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

// jsonHint follows syntax errors where YAML syntax is the likely cause.
const jsonHint = ` (a map file that starts with "{" is read as JSON: keys and strings in double quotes, no comments, no comma before "}" or "]")`

// badMember describes what follows offset prev in the object opened at
// open where the decoder expects a key, or "," or "}" after the member
// with key last (-1 for none).
func (r *jsonReader) badMember(t *jsonType, open, prev, last int) *jsonError {
	i := skipSpace(r.b, prev)
	if last >= 0 {
		if i >= len(r.b) {
			return r.unclosed(open, '}')
		}
		if r.b[i] != ',' {
			return r.errorf(i, `expected "," or "}" after the value of %q, found %s%s`, t.keys[last], r.found(i), jsonHint)
		}
		if i = skipSpace(r.b, i+1); i < len(r.b) && r.b[i] == '}' {
			return r.errorf(i, `found "}" after ",": expected a key in double quotes`+jsonHint)
		}
	}
	if i >= len(r.b) {
		return r.unclosed(open, '}')
	}
	return r.errorf(i, "expected a key in double quotes, found %s%s", r.found(i), jsonHint)
}

// unquote returns the text of a string token, or the token itself if it
// does not unquote.
func unquote(tok []byte) string {
	s, err := jsontext.AppendUnquote(nil, tok)
	if err != nil {
		return string(tok)
	}
	return string(s)
}

func (r *jsonReader) unknownKey(t *jsonType, off int, key []byte) *jsonError {
	k := unquote(key)
	for _, name := range t.keys {
		if strings.EqualFold(k, name) {
			return r.errorf(off, "unknown field %q: did you mean %q? Keys are case-sensitive", k, name)
		}
	}
	return r.errorf(off, "unknown field %q (the keys here are %s)", k, strings.Join(t.keys, ", "))
}

// duplicate is the error of the key at off, which the decoder found
// already defined in the object.
func (r *jsonReader) duplicate(t *jsonType, off int, seen *[maxKeys]int) *jsonError {
	key, err := jsontext.NewDecoder(bytes.NewBuffer(r.b[off:])).ReadValue()
	if err != nil {
		return r.errorf(off, "duplicate key")
	}
	k := t.field(key)
	if k < 0 || seen[k] == 0 {
		return r.unknownKey(t, off, key)
	}
	line, col := position(r.b, seen[k]-1)
	return r.errorf(off, "duplicate key: %q already defined at [%d:%d]", t.keys[k], line, col)
}

// unclosed is the error of a file that ends inside the object or list that
// opens at offset open.
func (r *jsonReader) unclosed(open int, closer byte) *jsonError {
	line, col := position(r.b, open)
	what := "map"
	if closer == ']' {
		what = "list"
	}
	return r.errorf(len(r.b), "the file ends before the %s opened at [%d:%d] is closed with %q: it is cut short", what, line, col, string(closer))
}

// mismatch is the error of a value at i that is not of type t.
func (r *jsonReader) mismatch(t *jsonType, i int) *jsonError {
	c := r.b[i]
	if c == '{' || c == '[' || c == '"' || c == '-' || isDigit(c) || r.literal(i, "true") || r.literal(i, "false") {
		what := r.found(i)
		if t.kind == jsonString && (c == '-' || isDigit(c) || c == 't' || c == 'f') {
			what += " (text goes in double quotes)"
		}
		return r.errorf(i, "expected %s, found %s", t.kind, what)
	}
	return r.errorf(i, "expected %s, found %s%s", t.kind, r.found(i), jsonHint)
}

// stringError describes the error err of the decoder in the string token
// (a key or a value) that starts at start.
func (r *jsonReader) stringError(err error, start int) *jsonError {
	var se *jsontext.SyntacticError
	if !errors.As(err, &se) {
		return r.unexpected(err)
	}
	i := int(se.ByteOffset)
	if i >= len(r.b) {
		return r.errorf(len(r.b), "the file ends inside the string that starts at %s: it is cut short", r.at(start))
	}
	switch c := r.b[i]; {
	case c == '\\':
		if err := r.escapeError(i); err != nil {
			return err
		}
	case c < 0x20:
		hint := ""
		switch c {
		case '\n', '\r':
			hint = `; write a line break as \n`
		case '\t':
			hint = `; write a tab as \t`
		}
		return r.errorf(i, "the control character U+%04X must be escaped inside a JSON string%s", c, hint)
	case c >= 0x80:
		if cr, size := utf8.DecodeRune(r.b[i:]); cr == utf8.RuneError && size == 1 {
			return r.errorf(i, "the byte 0x%02x is not valid UTF-8: save the file as UTF-8", c)
		}
	}
	return r.unexpected(err)
}

// unexpected is an error of the decoder that the bytes at its offset do
// not explain otherwise: its own words, at its offset.
func (r *jsonReader) unexpected(err error) *jsonError {
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return r.errorf(int(se.ByteOffset), "%v", se.Err)
	}
	return r.errorf(r.off(), "%v", err)
}

// at formats the position of offset off as [line:column].
func (r *jsonReader) at(off int) string {
	line, col := position(r.b, off)
	return fmt.Sprintf("[%d:%d]", line, col)
}

// escapeError describes the escape sequence at i ("\"), nil if it is valid.
func (r *jsonReader) escapeError(i int) *jsonError {
	b := r.b
	if i+1 >= len(b) {
		return r.errorf(i, "the file ends inside an escape sequence: it is cut short")
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return nil
	case 'u':
		c, ok := hex4(b, i+2)
		if !ok {
			n := 2
			for n < 6 && i+n < len(b) && strings.IndexByte("0123456789abcdefABCDEF", b[i+n]) >= 0 {
				n++
			}
			return r.errorf(i, `invalid escape %s: \u takes four hex digits`, r.escText(i, n))
		}
		switch {
		case c >= 0xd800 && c < 0xdc00:
			c2, ok := rune(0), false
			if i+7 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
				c2, ok = hex4(b, i+8)
			}
			if !ok || c2 < 0xdc00 || c2 >= 0xe000 {
				return r.errorf(i, `the escape %s is the first half of a UTF-16 surrogate pair, and the second half (\uDC00 to \uDFFF) does not follow`, r.escText(i, 6))
			}
		case c >= 0xdc00 && c < 0xe000:
			return r.errorf(i, `the escape %s is the second half of a UTF-16 surrogate pair without the first`, r.escText(i, 6))
		}
		return nil
	}
	return r.errorf(i, `invalid escape %s: JSON knows \" \\ \/ \b \f \n \r \t and \uXXXX`, r.escText(i, 2))
}

// escText returns up to n bytes of an escape at i, for messages.
func (r *jsonReader) escText(i, n int) string {
	j := min(i+n, len(r.b))
	for j > i && !utf8.Valid(r.b[i:j]) {
		j--
	}
	return string(r.b[i:j])
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

// found describes what is at offset i, for "expected …, found …".
func (r *jsonReader) found(i int) string {
	if i >= len(r.b) {
		return "the end of the file"
	}
	switch c := r.b[i]; {
	case c == '{':
		return `a map "{"`
	case c == '[':
		return `a list "["`
	case c == '"':
		return "a string"
	case c == '-' || c >= '0' && c <= '9':
		return "the number " + r.numberText(i)
	case r.literal(i, "null"):
		return "null"
	case r.literal(i, "true"):
		return "true"
	case r.literal(i, "false"):
		return "false"
	}
	c, size := utf8.DecodeRune(r.b[i:])
	switch {
	case c == utf8.RuneError && size == 1:
		return fmt.Sprintf("the byte 0x%02x, which is not UTF-8", r.b[i])
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf("the control character U+%04X", c)
	}
	return strconv.Quote(string(c))
}

// numberText returns the number-like text at i, cut to 30 characters.
func (r *jsonReader) numberText(i int) string {
	j := i
	for j < len(r.b) && j-i < 30 && strings.IndexByte("+-.0123456789eE", r.b[j]) >= 0 {
		j++
	}
	if j == i {
		return strconv.Quote(string(r.b[i : i+1]))
	}
	return string(r.b[i:j])
}

func (r *jsonReader) literal(i int, lit string) bool {
	return len(r.b)-i >= len(lit) && string(r.b[i:i+len(lit)]) == lit
}
