package neo4j_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
)

func TestFormatError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"domain error passes through", argmap.Errorf(argmap.ENOTFOUND, "No claim x."), argmap.ENOTFOUND},
		{"constraint", &driver.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed", Msg: "Node(1) already exists"}, argmap.ECONFLICT},
		{"auth", &driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized", Msg: "The client is unauthorized"}, argmap.EUNAVAILABLE},
		{"transient", &driver.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable", Msg: "db down"}, argmap.EUNAVAILABLE},
		{"tx timeout", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", Msg: "timed out"}, argmap.EUNAVAILABLE},
		{"syntax error is ours", &driver.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input 'X'"}, argmap.EINTERNAL},
		{"connectivity", &driver.ConnectivityError{Inner: errors.New("dial tcp: refused")}, argmap.EUNAVAILABLE},
		{"wrapped connectivity", fmt.Errorf("read: %w", &driver.ConnectivityError{Inner: errors.New("EOF")}), argmap.EUNAVAILABLE},
		{"deadline", context.DeadlineExceeded, argmap.EUNAVAILABLE},
		{"anything else", errors.New("boom at 0xc000"), argmap.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := neo4j.FormatError(tt.err)
			if code := argmap.ErrorCode(got); code != tt.code {
				t.Fatalf("code = %q, want %q", code, tt.code)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("original error lost from the chain (needed for the log): %v", got)
			}
			if tt.code != argmap.ENOTFOUND && strings.Contains(argmap.ErrorMessage(got), tt.err.Error()) {
				t.Errorf("client message %q leaks the internal error", argmap.ErrorMessage(got))
			}
		})
	}
	if neo4j.FormatError(nil) != nil {
		t.Error("FormatError(nil) != nil")
	}
}
