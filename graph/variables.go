package graph

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/argmap/argmap/graph/model"
	"github.com/argmap/argmap/internal/argmap"
)

// Variables are coerced here as the GraphQL spec's CoerceVariableValues
// says, in place of trusting gqlparser's validator.VariableValues, which
// gqlgen runs first and which is looser: it takes the string "4" for an
// Int (and gqlgen's UnmarshalInt then reads it), a numeric string for a
// Float, any case of an enum value, anything for a custom scalar (a
// malformed Date then failed inside the resolver, as INTERNAL), and its
// messages name neither the variable nor the type ("cannot use value 0 as
// Int" for 1.5). Once normalizeNumbers has run, checkVariables refuses
// everything gqlparser refuses, so its message is the one a client sees.
// Its verdicts agree with graphql-js's getVariableValues (which reads a
// custom scalar with the identity function where this reads a Date).

// scalarChecks reads the custom scalars of the schema as their generated
// unmarshalers will. NewHandler panics on a schema with a custom scalar
// that is missing here.
var scalarChecks = map[string]func(any) error{
	"Date": func(v any) error { _, err := model.UnmarshalDate(v); return err },
}

// Int is 32 bits in GraphQL, whatever Go type it is bound to.
const (
	minInt32 = math.MinInt32
	maxInt32 = math.MaxInt32
)

// checkVariables returns the request error of the first variable of op
// whose value cannot be coerced to its type, or nil. The error has code
// BAD_USER_INPUT, extensions.variable the variable's name and a message
// that names the variable (and the field within it) and the type wanted.
func checkVariables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) *gqlerror.Error {
	for _, def := range op.VariableDefinitions {
		v, given := vars[def.Variable]
		var msg string
		switch {
		case !given && def.DefaultValue == nil && def.Type.NonNull:
			msg = fmt.Sprintf("Variable $%s of type %s is required, but no value was given.", def.Variable, def.Type)
		case given:
			msg = coerceVariable(schema, def.Type, v, "$"+def.Variable)
		}
		if msg != "" {
			return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": argmap.EINVALID, "variable": def.Variable}}
		}
	}
	return nil
}

// coerceVariable returns what is wrong with v as a value of typ, at (the
// variable and the path within it), or "".
func coerceVariable(schema *ast.Schema, typ *ast.Type, v any, at string) string {
	if v == nil {
		if typ.NonNull {
			return fmt.Sprintf("Variable %s must not be null (its type is %s).", at, typ)
		}
		return ""
	}
	if typ.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			// A single value stands for a list of one.
			return coerceVariable(schema, typ.Elem, v, at)
		}
		for i, x := range list {
			if msg := coerceVariable(schema, typ.Elem, x, fmt.Sprintf("%s[%d]", at, i)); msg != "" {
				return msg
			}
		}
		return ""
	}
	def := schema.Types[typ.NamedType]
	switch def.Kind {
	case ast.Scalar:
		if want := scalarProblem(def.Name, v); want != "" {
			return fmt.Sprintf("Variable %s must be %s, got %s.", at, want, model.Describe(v))
		}
		if check := scalarChecks[def.Name]; check != nil {
			if err := check(v); err != nil {
				return fmt.Sprintf("Variable %s %s.", at, err.Error())
			}
		}
	case ast.Enum:
		if s, ok := v.(string); ok && def.EnumValues.ForName(s) != nil {
			return ""
		}
		names := make([]string, len(def.EnumValues))
		for i, e := range def.EnumValues {
			names[i] = e.Name
		}
		return fmt.Sprintf("Variable %s must be a %s: one of %s, got %s.", at, def.Name, strings.Join(names, ", "), model.Describe(v))
	case ast.InputObject:
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Sprintf("Variable %s must be a %s (an object), got %s.", at, def.Name, model.Describe(v))
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if def.Fields.ForName(k) == nil {
				names := make([]string, len(def.Fields))
				for i, f := range def.Fields {
					names[i] = f.Name
				}
				return fmt.Sprintf("Variable %s has no field %q: the fields of %s are %s.", at, k, def.Name, strings.Join(names, ", "))
			}
		}
		for _, f := range def.Fields {
			x, given := obj[f.Name]
			if !given {
				if f.Type.NonNull && f.DefaultValue == nil {
					return fmt.Sprintf("Variable %s.%s of type %s is required, but no value was given.", at, f.Name, f.Type)
				}
				continue
			}
			if msg := coerceVariable(schema, f.Type, x, at+"."+f.Name); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// scalarProblem says what a built-in scalar wants when v is not one
// (for example "an Int (a whole number)"), or "".
func scalarProblem(scalar string, v any) string {
	n, isNumber := number(v)
	switch scalar {
	case "Int":
		switch {
		case !isNumber || n != math.Trunc(n):
			return "an Int (a whole number)"
		case n < minInt32 || n > maxInt32:
			return fmt.Sprintf("an Int between %d and %d", minInt32, maxInt32)
		}
	case "Float":
		if !isNumber {
			return "a Float (a number)"
		}
	case "String":
		if _, ok := v.(string); !ok {
			return "a String"
		}
	case "Boolean":
		if _, ok := v.(bool); !ok {
			return "a Boolean (true or false)"
		}
	case "ID":
		if _, ok := v.(string); !ok && (!isNumber || n != math.Trunc(n)) {
			return "an ID (a string, or a whole number)"
		}
	}
	return ""
}

// number returns v as a finite float64 when it is a JSON number.
func number(v any) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case json.Number:
		var err error
		if f, err = strconv.ParseFloat(x.String(), 64); err != nil {
			return 0, false
		}
	case float64:
		f = x
	case int64:
		f = float64(x)
	case int:
		f = float64(x)
	default:
		return 0, false
	}
	return f, !math.IsInf(f, 0) && !math.IsNaN(f)
}

// maxExactInt is 2^53: every whole number up to it has an exact float64.
const maxExactInt = 1 << 53

// normalizeNumbers rewrites, in place, the whole JSON numbers of vars that
// are written with a fraction or an exponent (4.0, 1e2) as integers (4,
// 100). JSON has one number type, and graphql-js, reading JSON.parse's
// numbers, takes 4.0 for an Int; gqlparser reads a json.Number for an
// Int with Int64 and would refuse "4.0".
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalizeNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalizeNumbers(e)
		}
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return x
		}
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) <= maxExactInt {
			return json.Number(strconv.FormatInt(int64(f), 10))
		}
	}
	return v
}

// isVariableError reports whether gqlparser's variable coercion produced
// errs (its errors have the path variable.<name>…).
func isVariableError(errs gqlerror.List) bool {
	return len(errs) > 0 && len(errs[0].Path) > 0 && errs[0].Path[0] == ast.PathName("variable")
}

// mustCheckScalars panics when schema has a custom scalar without an entry
// in scalarChecks: its variables would go unchecked.
func mustCheckScalars(schema *ast.Schema) {
	for name, def := range schema.Types {
		if def.Kind != ast.Scalar || def.BuiltIn {
			continue
		}
		if _, ok := scalarChecks[name]; !ok {
			panic("graph: the custom scalar " + name + " has no variable check in scalarChecks")
		}
	}
}
