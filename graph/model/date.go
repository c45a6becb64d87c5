package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// DateForm says what a Date looks like, in the words of error messages.
const DateForm = `a date written YYYY-MM-DD, such as "2025-11-25"`

// ScalarError is a value a custom scalar cannot read. It does not know
// where the value stands; the error presenter and the variable check add
// the argument or variable.
type ScalarError struct {
	Scalar string // the scalar's name, e.g. Date
	Want   string // what the scalar takes
	Got    string // the value given, as a researcher would write it
	Why    string // optional: what is wrong with it
}

func (e *ScalarError) Error() string {
	msg := fmt.Sprintf("must be a %s (%s), got %s", e.Scalar, e.Want, e.Got)
	if e.Why != "" {
		msg += ": " + e.Why
	}
	return msg
}

// MarshalDate writes a date as an ISO 8601 calendar date.
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(time.DateOnly)))
	})
}

// UnmarshalDate reads an ISO 8601 calendar date such as 2025-11-25. Any
// other value is a *ScalarError.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, &ScalarError{Scalar: "Date", Want: DateForm, Got: Describe(v)}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		se := &ScalarError{Scalar: "Date", Want: DateForm, Got: Describe(v)}
		// time.Parse says which part is out of range ("day out of
		// range" for 2025-02-30); its other messages speak of layouts.
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.HasSuffix(pe.Message, "out of range") {
			se.Why = "there is no such " + strings.TrimSuffix(strings.TrimPrefix(pe.Message, ": "), " out of range")
		}
		return time.Time{}, se
	}
	return t, nil
}

// Describe renders a JSON or GraphQL input value for an error message:
// the string "4", the number 4, true, null, a list, an object.
func Describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "the string " + strconv.Quote(x)
	case json.Number:
		return "the number " + x.String()
	case int, int32, int64:
		return fmt.Sprintf("the number %d", x)
	case float32, float64:
		return fmt.Sprintf("the number %v", x)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%v", v)
}
