package argmap

import (
	"errors"
	"fmt"
)

// Error codes. They are stable: clients see them in extensions.code and may
// branch on them, so they are never renamed.
const (
	// EINTERNAL is any failure that is not the client's doing. Its message is
	// never shown to clients.
	EINTERNAL = "INTERNAL"
	// EINVALID means the request is malformed or an argument is out of range.
	EINVALID = "BAD_USER_INPUT"
	// ENOTFOUND means an id does not name anything.
	ENOTFOUND = "NOT_FOUND"
	// ECONFLICT means the write collides with existing data.
	ECONFLICT = "CONFLICT"
	// EUNAVAILABLE means the database cannot be reached or is not ready; the
	// request may succeed if retried later.
	EUNAVAILABLE = "UNAVAILABLE"
	// EUNAUTHENTICATED means a token is required and none (or a wrong one) was given.
	EUNAUTHENTICATED = "UNAUTHENTICATED"
	// EFORBIDDEN means the token is valid but lacks the right.
	EFORBIDDEN = "FORBIDDEN"
	// ERATELIMITED means the client sent more requests, or opened more
	// connections, than it may; it may retry after the Retry-After header's
	// seconds. Only the HTTP layer gives it (status 429).
	ERATELIMITED = "RATE_LIMITED"
)

// Error is the one error type of Argmap. Code is machine-readable, Message is
// written for a researcher and safe to show to a client. Field, when set,
// names the input field at fault: a GraphQL argument (first), a path into
// an input-object argument (filter.published; the input argument of a
// mutation left out: quotes[0].exact), or a map-file path
// (document.published). graph's TestErrorFields holds the API to it.
// Suggestions, on a NOT_FOUND, are the ids the client may have meant,
// nearest first.
type Error struct {
	Code        string
	Message     string
	Field       string
	Suggestions []string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("argmap error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("argmap error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error that names the input field at fault.
func FieldErrorf(code, field string, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err: the message of an
// *Error, or a generic sentence for anything else, so that internal details
// never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the field of the first *Error in err's chain, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
