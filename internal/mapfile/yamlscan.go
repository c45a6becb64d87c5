package mapfile

import (
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// maxYAMLNesting bounds how deep flow collections ([…], {…}) may nest in a
// YAML map file. A map file needs about five levels; the YAML parser
// builds every level before any check of ours runs, so 40,000 brackets (an
// 80 KB file) cost it gigabytes.
const maxYAMLNesting = 100

// scanYAML refuses, before the YAML parser sees b, what no map file needs
// and what would make parsing cost far more than the file's size: flow
// collections nested deeper than maxYAMLNesting, and anchors (&name) and
// aliases (*name), whose expansion is unbounded (ten lines of ten aliases
// each stand for ten billion values). It reads b once, in constant memory.
//
// It follows YAML's lexical rules as far as they decide where a node
// starts: at the start of a line, after "- ", "? ", ": " (or ":" at the end
// of a line), and, inside a flow collection, after "[", "{" and ",". Only
// there can a quoted scalar, a flow collection, an anchor or an alias
// begin; elsewhere "[", "'" and "&" are text ("see [1]", "Hay'at"). Quoted
// scalars and comments are skipped; a block scalar (| or >) is text to the
// end of its indentation.
func scanYAML(b []byte) error {
	depth := 0
	nodeStart := true // at a place where a node may start
	lineStart := true
	indent, blockIndent := 0, -1 // the current line's indentation; a block scalar's parent indentation, or -1
	for i := 0; i < len(b); i++ {
		c := b[i]
		if lineStart {
			// Measure the indentation; skip the lines of a block scalar.
			j := i
			for j < len(b) && b[j] == ' ' {
				j++
			}
			indent = j - i
			if blockIndent >= 0 {
				if j < len(b) && b[j] != '\n' && b[j] != '\r' && indent <= blockIndent {
					blockIndent = -1 // the block scalar has ended
				} else {
					for i < len(b) && b[i] != '\n' {
						i++
					}
					continue // lineStart stays true: the next line
				}
			}
			lineStart, i = false, j
			if i >= len(b) {
				break
			}
			c = b[i]
			if depth == 0 {
				nodeStart = true
			}
		}
		switch {
		case c == '\n':
			lineStart = true
			continue
		case c == ' ' || c == '\t' || c == '\r':
			continue
		case c == '#' && (i == 0 || isYAMLSpace(b[i-1])):
			for i+1 < len(b) && b[i+1] != '\n' {
				i++
			}
			continue
		}
		if nodeStart {
			switch c {
			case '"':
				i = skipQuoted(b, i, '"')
				nodeStart = false
				continue
			case '\'':
				i = skipQuoted(b, i, '\'')
				nodeStart = false
				continue
			case '[', '{':
				depth++
				if depth > maxYAMLNesting {
					line, col := position(b, i)
					return argmap.Errorf(argmap.EINVALID, "the map file is not valid: [%d:%d] lists and mappings are nested more than %d levels deep: a map file needs about five", line, col, maxYAMLNesting)
				}
				continue // a node may start right after it
			case '&', '*':
				line, col := position(b, i)
				return argmap.Errorf(argmap.EINVALID, "the map file is not valid: [%d:%d] YAML anchors and aliases (&name, *name) are not allowed in map files: write each value out", line, col)
			case '|', '>':
				if depth == 0 {
					blockIndent = indent
				}
			case '-', '?':
				if i+1 >= len(b) || isYAMLSpace(b[i+1]) {
					continue // "- " and "? ": a node starts after them
				}
			}
		}
		nodeStart = false
		switch c {
		case ':':
			// Inside a flow collection a value may follow a JSON-like key
			// without a space ({"id":"x"}).
			if i+1 >= len(b) || isYAMLSpace(b[i+1]) || (depth > 0 && strings.IndexByte(",]}\"'[{", b[i+1]) >= 0) {
				nodeStart = true
			}
		case '[', '{':
			if depth > 0 {
				// Inside a flow collection these are indicators wherever they
				// stand (a plain scalar there cannot hold them).
				depth++
				nodeStart = true
				if depth > maxYAMLNesting {
					line, col := position(b, i)
					return argmap.Errorf(argmap.EINVALID, "the map file is not valid: [%d:%d] lists and mappings are nested more than %d levels deep: a map file needs about five", line, col, maxYAMLNesting)
				}
			}
		case ',':
			nodeStart = depth > 0
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

func isYAMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipQuoted returns the index of the quote that closes the scalar opening
// at b[i] (or the last index): "…" with backslash escapes, '…' with ”.
func skipQuoted(b []byte, i int, q byte) int {
	for j := i + 1; j < len(b); j++ {
		switch {
		case q == '"' && b[j] == '\\':
			j++
		case b[j] == q:
			if q == '\'' && j+1 < len(b) && b[j+1] == '\'' {
				j++
				continue
			}
			return j
		}
	}
	return len(b) - 1
}
