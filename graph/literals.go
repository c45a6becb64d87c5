package graph

import (
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// validationRules are gqlparser's rules and one more: an Int literal must
// fit in 32 bits, as the spec's Int does (gqlparser takes any int64, so
// first: 3000000000 reached the resolvers, while the same value as a
// variable is refused by checkVariables). The message is graphql-js's.
func validationRules() *rules.Rules {
	r := rules.NewDefaultRules()
	r.AddRule("IntLiteralsFit32Bits", func(observers *core.Events, addError core.AddErrFunc) {
		observers.OnValue(func(_ *core.Walker, value *ast.Value) {
			if value.Kind != ast.IntValue || value.Definition == nil || value.Definition.Name != "Int" {
				return
			}
			if _, err := strconv.ParseInt(value.Raw, 10, 32); err != nil {
				addError(core.Message("Int cannot represent non 32-bit signed integer value: %s", value.Raw), core.At(value.Position))
			}
		})
	})
	return r
}
