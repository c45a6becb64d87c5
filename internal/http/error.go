package http

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/argmap/argmap/internal/argmap"
)

// errorStatus is the HTTP status of each error code.
var errorStatus = map[string]int{
	argmap.EINVALID:         http.StatusBadRequest,
	argmap.EUNAUTHENTICATED: http.StatusUnauthorized,
	argmap.EFORBIDDEN:       http.StatusForbidden,
	argmap.ENOTFOUND:        http.StatusNotFound,
	argmap.ECONFLICT:        http.StatusConflict,
	argmap.ERATELIMITED:     http.StatusTooManyRequests,
	argmap.EINTERNAL:        http.StatusInternalServerError,
	argmap.EUNAVAILABLE:     http.StatusServiceUnavailable,
}

// ErrorStatus returns the HTTP status of an error code (500 for a code it
// does not know).
func ErrorStatus(code string) int {
	if s, ok := errorStatus[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// errorResponse is the one JSON shape of the errors answered outside
// GraphQL, the shape of a GraphQL response's errors, so a client reads
// both alike: {"errors":[{"message":…,"extensions":{"code":…}}]}.
type errorResponse struct {
	Errors []errorEntry `json:"errors"`
}

type errorEntry struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// errorBody is the JSON body of an error answered outside a request (the
// connection limit writes it before any request is read).
func errorBody(code, message string) []byte {
	b, _ := json.Marshal(errorResponse{Errors: []errorEntry{{Message: message, Extensions: map[string]any{"code": code}}}})
	return b
}

// Error answers err, for every route outside GraphQL (export, readiness,
// the rate limit): the status of its code (ErrorStatus), and the one error
// shape with its client-safe message. An INTERNAL error is logged in full, with the
// request id, and answered with only that id to quote; every error is
// counted in argmap_http_errors_total by code.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code, message := argmap.ErrorCode(err), argmap.ErrorMessage(err)
	ext := map[string]any{"code": code}
	if f := argmap.ErrorField(err); f != "" {
		ext["field"] = f
	}
	id := argmap.RequestID(r.Context())
	switch code {
	case argmap.EINTERNAL:
		s.Logger.LogAttrs(r.Context(), slog.LevelError, "internal error",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
		message = "Internal error. Quote request id " + id + " when reporting it."
		ext = map[string]any{"code": code, "requestId": id}
	case argmap.EUNAVAILABLE:
		// The store has logged the cause; the id matches a report to it.
		ext["requestId"] = id
	}
	if s.Metrics != nil {
		s.Metrics.httpError(code)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(ErrorStatus(code))
	_ = json.NewEncoder(w).Encode(errorResponse{Errors: []errorEntry{{Message: message, Extensions: ext}}})
}

// abort ends a response whose status and first bytes are already sent when
// err stops it: the status cannot change, so err is logged (with the
// request id: as an error, or as a warning when the client went away or
// the request ran out of time) and counted, and the handler panics with
// http.ErrAbortHandler, which makes net/http close the connection (reset
// the HTTP/2 stream) without ending the body, so the client sees a broken
// transfer and not a complete-looking one.
func (s *Server) abort(r *http.Request, msg string, err error) {
	level := slog.LevelError
	if r.Context().Err() != nil {
		level = slog.LevelWarn
	}
	s.Logger.LogAttrs(r.Context(), level, msg,
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	if s.Metrics != nil {
		s.Metrics.httpError(argmap.ErrorCode(err))
	}
	panic(http.ErrAbortHandler)
}
