package graph

// The HTTP guard of the GraphQL endpoint: what is not one GraphQL request
// of a bounded size is refused before gqlgen reads anything. Refusals have a
// 4xx status: 413 for the body size, 415 for a content type other than
// application/json, 405 for other methods, 400 for a body that is not one
// JSON object with a query, 408 for a body that does not arrive in time;
// each is a GraphQL request error (errors, no data entry) with
// extensions.code BAD_USER_INPUT (and "limit" for the body size).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"time"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/argmap/argmap/internal/argmap"
)

// writeError answers a request the GraphQL server never sees: errors and
// no data entry, as every request error.
func writeError(w http.ResponseWriter, status int, e *gqlerror.Error) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{"code": argmap.EINVALID}
	}
	b, _ := json.Marshal(requestErrorResponse{Errors: gqlerror.List{e}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func badRequest(w http.ResponseWriter, status int, format string, args ...any) {
	writeError(w, status, &gqlerror.Error{Message: fmt.Sprintf(format, args...)})
}

// guardHTTP refuses, before gqlgen reads anything, what is not one GraphQL
// request of a bounded size: other methods, other content types, bodies
// over maxBody bytes (413; a declared Content-Length over the limit is
// refused without reading, a chunked body is cut by http.MaxBytesReader),
// empty bodies, invalid UTF-8, batched arrays and bodies that are not a JSON
// object. gqlgen would answer most of these with an error that has no code,
// and it echoes an undecodable body whole into its message.
func guardHTTP(maxBody int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			q, err := url.ParseQuery(r.URL.RawQuery)
			if err != nil {
				badRequest(w, http.StatusBadRequest, "The URL query string cannot be decoded.")
				return
			}
			for k, vs := range q {
				for _, v := range vs {
					if !utf8.ValidString(k) || !utf8.ValidString(v) {
						badRequest(w, http.StatusBadRequest, "The URL query string is not valid UTF-8.")
						return
					}
				}
			}
			for _, k := range []string{"variables", "extensions"} {
				if v := q.Get(k); v != "" {
					var m map[string]any
					if json.Unmarshal([]byte(v), &m) != nil {
						badRequest(w, http.StatusBadRequest, "The %s parameter must be a JSON object.", k)
						return
					}
				}
			}
		case http.MethodPost:
			if !checkPost(w, r, maxBody) {
				return
			}
		case http.MethodOptions, http.MethodHead:
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			badRequest(w, http.StatusMethodNotAllowed, "Use GET for queries or POST for queries and mutations.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkPost reads and checks a POST body, and leaves it for gqlgen to read
// again from memory. It answers the request itself and returns false when
// the body is refused.
func checkPost(w http.ResponseWriter, r *http.Request, maxBody int64) bool {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		badRequest(w, http.StatusUnsupportedMediaType, "Send the request as Content-Type: application/json.")
		return false
	}
	if cs, ok := params["charset"]; ok && cs != "utf-8" && cs != "UTF-8" {
		badRequest(w, http.StatusUnsupportedMediaType, "The request body must be UTF-8.")
		return false
	}
	original := r.Body
	tooLarge := func() bool {
		refuseBody(w, original, limitError("bodyBytes", int(maxBody), -1,
			"The request body is larger than the limit of %d bytes.", maxBody))
		return false
	}
	if maxBody > 0 && r.ContentLength > maxBody {
		return tooLarge()
	}
	body := r.Body
	if maxBody > 0 {
		body = http.MaxBytesReader(w, r.Body, maxBody)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge()
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The body read deadline (ARGMAP_BODY_TIMEOUT) passed: the
			// connection cannot be reused.
			w.Header().Set("Connection", "close")
			badRequest(w, http.StatusRequestTimeout, "The request body did not arrive in time: send it whole, without pauses.")
			return false
		}
		badRequest(w, http.StatusBadRequest, "The request body could not be read.")
		return false
	}
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		badRequest(w, http.StatusBadRequest, "The request body is empty: send a JSON object with a query.")
		return false
	case !utf8.Valid(b):
		badRequest(w, http.StatusBadRequest, "The request body is not valid UTF-8.")
		return false
	case trimmed[0] == '[':
		badRequest(w, http.StatusBadRequest, "Batched requests are not supported: send one JSON object per request.")
		return false
	}
	var p struct {
		Query         *string        `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
		Extensions    map[string]any `json:"extensions"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		badRequest(w, http.StatusBadRequest, "The request body must be a JSON object with a string query, an optional operationName string and optional variables and extensions objects.")
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		badRequest(w, http.StatusBadRequest, "The request body holds more than one JSON value.")
		return false
	}
	if p.Query == nil {
		badRequest(w, http.StatusBadRequest, `The request body has no query: send {"query": "…"}.`)
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	return true
}

// Bounds of the body refuseBody reads and throws away.
const (
	drainBytes = 32 << 20
	drainTime  = 10 * time.Second
)

// refuseBody answers 413 and then reads and discards the rest of the body
// (at most drainBytes, for at most drainTime) before the connection
// closes. Most clients (Python's urllib, Go's http.Client, browsers' fetch)
// send the whole body before they read the response: a server that closes
// with unread data in its receive buffer makes the kernel send a reset, and
// such a client sees "connection reset" instead of the 413. Full duplex
// lets the handler read after writing; the response is flushed first, so a
// client that does read early (curl) has its answer at once, and one that
// waits for 100 Continue is not sent one.
func refuseBody(w http.ResponseWriter, body io.Reader, e *gqlerror.Error) {
	rc := http.NewResponseController(w)
	_ = rc.EnableFullDuplex()
	w.Header().Set("Connection", "close")
	writeError(w, http.StatusRequestEntityTooLarge, e)
	_ = rc.Flush()
	_ = rc.SetReadDeadline(time.Now().Add(drainTime))
	_, _ = io.CopyN(io.Discard, body, drainBytes)
}
