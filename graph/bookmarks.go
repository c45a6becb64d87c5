package graph

import (
	"context"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/argmap/argmap/internal/argmap"
)

// BookmarkHeader is the request header that carries the bookmarks of
// earlier writes, for read-your-writes across API replicas: a mutation's
// response lists its bookmarks in extensions.bookmarks; a client that sends
// them back in this header (one header per bookmark, or comma-separated) is
// answered only from a database member that has applied those writes,
// whichever replica serves the request. See docs/scale-out.md.
const BookmarkHeader = "Argmap-Bookmark"

const (
	maxBookmarks      = 16
	maxBookmarkLength = 512
)

// WithBookmarkHeader reads BookmarkHeader into the request context
// (argmap.WithBookmarks), so that the store's transactions wait for those
// writes and record the bookmarks of their own.
func WithBookmarkHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		after, msg := parseBookmarks(r.Header.Values(BookmarkHeader))
		if msg != "" {
			writeError(w, http.StatusBadRequest, &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": argmap.EINVALID, "field": "bookmarks"}})
			return
		}
		ctx, _ := argmap.WithBookmarks(r.Context(), after)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// parseBookmarks splits the header values into bookmarks, or says what is
// wrong with them. Bookmarks are opaque to Argmap; the checks only keep
// junk and huge values away from the database.
func parseBookmarks(values []string) ([]string, string) {
	var out []string
	for _, v := range values {
		for _, b := range strings.Split(v, ",") {
			b = strings.TrimSpace(b)
			if b == "" {
				continue
			}
			if len(b) > maxBookmarkLength {
				return nil, "A bookmark in the " + BookmarkHeader + " header is too long: send the bookmarks of an earlier response unchanged."
			}
			for i := 0; i < len(b); i++ {
				if b[i] <= ' ' || b[i] > '~' {
					return nil, "A bookmark in the " + BookmarkHeader + " header holds a character no bookmark has: send the bookmarks of an earlier response unchanged."
				}
			}
			out = append(out, b)
		}
	}
	if len(out) > maxBookmarks {
		return nil, "The " + BookmarkHeader + " header holds more than 16 bookmarks: send those of the latest response only."
	}
	return out, ""
}

// reportBookmarks lists the bookmarks of the request's writes in the
// response's extensions.
func reportBookmarks(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	if b := argmap.BookmarksFrom(ctx); b != nil {
		if written := b.Written(); len(written) > 0 {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["bookmarks"] = written
		}
	}
	return resp
}
