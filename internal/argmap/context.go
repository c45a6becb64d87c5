package argmap

import "context"

type contextKey int

const requestIDKey contextKey = iota

// NewContextWithRequestID returns a copy of ctx that carries the request id,
// so that log lines and client-visible errors can name the request.
func NewContextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id carried by ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}
