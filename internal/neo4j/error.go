package neo4j

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Client-safe messages. They say what happened in a researcher's words and
// never carry driver or server text.
const (
	msgUnavailable = "The database is unavailable right now; try again shortly."
	msgTimeout     = "The database did not answer in time; try a smaller query or again shortly."
	msgConflict    = "The write conflicts with existing data."
)

// FormatError maps a driver error to an *argmap.Error, keeping the original
// in the chain for logging. An *argmap.Error passes through unchanged.
func FormatError(err error) error {
	if err == nil {
		return nil
	}
	var ae *argmap.Error
	if errors.As(err, &ae) {
		return err
	}
	public := classify(err)
	return fmt.Errorf("%w [%w]", public, err)
}

func classify(err error) *argmap.Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return argmap.Errorf(argmap.EUNAVAILABLE, msgTimeout)
	}
	if errors.Is(err, context.Canceled) {
		return argmap.Errorf(argmap.EUNAVAILABLE, "The request was cancelled.")
	}
	for _, e := range causes(err) {
		var ne *neo4j.Neo4jError
		if errors.As(e, &ne) {
			switch {
			case ne.IsAuthenticationFailed(), strings.HasPrefix(ne.Code, "Neo.ClientError.Security."):
				return argmap.Errorf(argmap.EUNAVAILABLE, msgUnavailable)
			case ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
				return argmap.Errorf(argmap.ECONFLICT, msgConflict)
			case ne.Code == "Neo.ClientError.Transaction.TransactionTimedOut",
				ne.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
				return argmap.Errorf(argmap.EUNAVAILABLE, msgTimeout)
			case strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.InvalidBookmark"):
				return argmap.FieldErrorf(argmap.EINVALID, "bookmarks", "A bookmark sent with the request was not issued by this database: send the bookmarks of an earlier response unchanged, or none.")
			case ne.Code == "Neo.TransientError.Transaction.BookmarkTimeout":
				return argmap.FieldErrorf(argmap.EUNAVAILABLE, "bookmarks", "The database has not caught up yet with the writes the request's bookmarks name: retry in a moment.")
			case ne.Code == "Neo.ClientError.Database.DatabaseNotFound",
				strings.HasPrefix(ne.Code, "Neo.TransientError."),
				ne.Code == "Neo.ClientError.Cluster.NotALeader":
				return argmap.Errorf(argmap.EUNAVAILABLE, msgUnavailable)
			}
			continue
		}
		// The driver wraps pool timeouts and routing failures in
		// ConnectivityError too.
		var ce *neo4j.ConnectivityError
		var ne2 net.Error
		if errors.As(e, &ce) || errors.As(e, &ne2) {
			return argmap.Errorf(argmap.EUNAVAILABLE, msgUnavailable)
		}
	}
	return argmap.Errorf(argmap.EINTERNAL, "Internal error.")
}

// causes flattens the errors a driver error stands for: a retried
// transaction that ran out of time carries every attempt's error.
func causes(err error) []error {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		return append([]error{err}, limit.Errors...)
	}
	return []error{err}
}

// IsAuthError reports whether Neo4j refused the configured credentials.
// Retrying with the same credentials cannot help (and Neo4j locks the user
// after repeated failures).
func IsAuthError(err error) bool {
	for _, e := range causes(err) {
		var ne *neo4j.Neo4jError
		if errors.As(e, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.Security.") {
			return true
		}
	}
	return false
}

// OperatorHint says, for logs and /readyz, what an operator should check
// about a database error. It names the setting to fix where one is at fault
// and never carries driver text.
func OperatorHint(err error) string {
	return problemHints[problemOf(err)]
}

// problem is a class of database trouble; the store logs a problem once
// when it begins, not at every failing request.
type problem int

const (
	problemUnreachable problem = iota
	problemAuth
	problemNoDatabase
	problemTimeout
)

var problemHints = map[problem]string{
	problemUnreachable: "Neo4j cannot be reached: check that it runs and that NEO4J_URI points to it",
	problemAuth:        "Neo4j rejected the user name or password: set NEO4J_USER and NEO4J_PASSWORD to the database's credentials",
	problemNoDatabase:  "Neo4j has no such database: check NEO4J_DATABASE",
	problemTimeout:     "Neo4j did not answer in time",
}

func problemOf(err error) problem {
	if IsAuthError(err) {
		// Includes the rate limit Neo4j imposes after repeated failures:
		// the cure is the same.
		return problemAuth
	}
	for _, e := range causes(err) {
		var ne *neo4j.Neo4jError
		if errors.As(e, &ne) && ne.Code == "Neo.ClientError.Database.DatabaseNotFound" {
			return problemNoDatabase
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return problemTimeout
	}
	return problemUnreachable
}
