package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/argmap"
)

type bookmarkedResponse struct {
	response
	Extensions struct {
		Bookmarks []string `json:"bookmarks"`
	} `json:"extensions"`
}

// postWithBookmarks posts an operation with the write token and the given
// Argmap-Bookmark header values.
func postWithBookmarks(t *testing.T, srv *httptest.Server, query string, bookmarks ...string) (int, bookmarkedResponse) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+writeToken)
	for _, b := range bookmarks {
		req.Header.Add(graph.BookmarkHeader, b)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var r bookmarkedResponse
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	return res.StatusCode, r
}

// A mutation hands back the bookmarks of its write; a read that brings
// them back sees the write (on one server it always would; what is proven
// here is that the database accepts the bookmarks it issued, so a read on
// a cluster follower waits for them). Junk bookmarks get a clear error.
func TestBookmarks_ReadYourWrites(t *testing.T) {
	_, db, _ := MustSeeded(t)
	srv := MustWriteServer(t, db, false)

	status, r := postWithBookmarks(t, srv, `mutation { createActor(input: {id: "bm-actor", name: "Bookmark Brigade", type: ARMED_GROUP}) { id } }`)
	if status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("createActor: %d %+v", status, r.Errors)
	}
	if len(r.Extensions.Bookmarks) == 0 || r.Extensions.Bookmarks[0] == "" {
		t.Fatalf("mutation response has no bookmarks in extensions: %+v", r.Extensions)
	}
	marks := r.Extensions.Bookmarks

	status, r = postWithBookmarks(t, srv, `{ actor(id: "bm-actor") { name } }`, strings.Join(marks, ", "))
	if status != http.StatusOK || len(r.Errors) > 0 || !strings.Contains(string(r.Data["actor"]), "Bookmark Brigade") {
		t.Fatalf("read with the write's bookmarks: %d %s %+v", status, r.Data["actor"], r.Errors)
	}
	if len(r.Extensions.Bookmarks) != 0 {
		t.Errorf("a read reports bookmarks %q; only writes should", r.Extensions.Bookmarks)
	}

	// Not a bookmark of this database: the database refuses it, the client
	// is told in plain words.
	_, r = postWithBookmarks(t, srv, `{ actor(id: "hts") { name } }`, "FB:not-a-real-bookmark")
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != argmap.EINVALID || r.Errors[0].Extensions["field"] != "bookmarks" {
		t.Fatalf("junk bookmark: %+v", r.Errors)
	}
	if msg := r.Errors[0].Message; strings.Contains(msg, "Neo") || !strings.Contains(msg, "bookmark") {
		t.Errorf("junk bookmark message %q", msg)
	}

	for name, header := range map[string]string{
		"space inside": "FB:abc def",
		"non-ASCII":    "FB:abcé",
		"too long":     "FB:" + strings.Repeat("a", 600),
		"too many":     strings.Repeat("FB:a,", 17),
	} {
		status, r := postWithBookmarks(t, srv, `{ actor(id: "hts") { name } }`, header)
		if status != http.StatusBadRequest || len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != argmap.EINVALID {
			t.Errorf("%s: status %d, errors %+v; want 400 BAD_USER_INPUT", name, status, r.Errors)
		}
	}
}
