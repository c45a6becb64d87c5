package argmap

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with an input: which item, which field, what
// was expected and what was found. Validation collects every problem
// instead of stopping at the first, so a researcher can fix a file in one go.
type Problem struct {
	Item     string // e.g. "claim thesis", "relation r-1"
	Field    string // e.g. "quotes[0].start"
	Expected string
	Found    string
	Message  string
}

// String renders the problem on one line.
func (p Problem) String() string {
	var b strings.Builder
	if p.Item != "" {
		b.WriteString(p.Item)
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Expected != "" || p.Found != "" {
		fmt.Fprintf(&b, " (expected %q, found %q)", p.Expected, p.Found)
	}
	return b.String()
}

// ValidationError is a BAD_USER_INPUT error that carries every problem
// found in an input.
type ValidationError struct {
	Subject  string
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem(s)", e.Subject, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap makes a ValidationError an *Error with code BAD_USER_INPUT.
func (e *ValidationError) Unwrap() error {
	return &Error{Code: EINVALID, Message: e.Error()}
}

// problems accumulates Problems for one item at a time.
type problems struct {
	list []Problem
}

func (ps *problems) add(item, field, format string, args ...any) {
	ps.list = append(ps.list, Problem{Item: item, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (ps *problems) addAll(item, fieldPrefix string, more []Problem) {
	for _, p := range more {
		p.Item = item
		if fieldPrefix != "" {
			p.Field = fieldPrefix + "." + p.Field
		}
		ps.list = append(ps.list, p)
	}
}
