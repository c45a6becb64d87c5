package playground_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/playground"
)

// newServer mounts the handler as the service does, next to a method-less
// "/graphql" pattern (which "GET /" would conflict with).
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	h := playground.Handler()
	mux := http.NewServeMux()
	mux.Handle("/graphql", http.NotFoundHandler())
	mux.Handle("GET /{$}", h)
	mux.Handle("GET "+playground.AssetPrefix, h)
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

var attrRef = regexp.MustCompile(`(?i)\b(?:src|href)\s*=\s*["']?([^"'\s>]+)`)

func TestIndex(t *testing.T) {
	s := newServer(t)
	res, page := get(t, s.URL+"/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: status %d", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET /: Content-Type %q, want text/html", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("GET /: Cache-Control %q, want no-cache", cc)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("GET /: Content-Security-Policy %q does not confine the page to its origin", csp)
	}
	if !strings.Contains(page, "<title>Argmap — research playground</title>") {
		t.Error("the page lacks its title")
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("index.html contains an http:// or https:// URL")
	}

	// A second load with the ETag is answered 304.
	res, _ = get(t, s.URL+"/", "If-None-Match", res.Header.Get("ETag"))
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("GET / with If-None-Match: status %d, want 304", res.StatusCode)
	}
}

func TestAssets(t *testing.T) {
	s := newServer(t)
	_, page := get(t, s.URL+"/")
	base, _ := url.Parse(s.URL + "/")
	refs := attrRef.FindAllStringSubmatch(page, -1)
	if len(refs) < 6 {
		t.Fatalf("index.html references %d files, want the scripts and styles of GraphiQL", len(refs))
	}
	wantType := map[string]string{".js": "text/javascript", ".css": "text/css"}
	for _, m := range refs {
		ref := m[1]
		if strings.HasPrefix(ref, "data:") {
			continue
		}
		if u, err := url.Parse(ref); err != nil || u.Scheme != "" || u.Host != "" {
			t.Errorf("index.html references %q: not a path on this server", ref)
			continue
		}
		u := base.ResolveReference(&url.URL{Path: ref})
		res, body := get(t, u.String())
		if res.StatusCode != http.StatusOK || body == "" {
			t.Errorf("%s: status %d, %d bytes", u.Path, res.StatusCode, len(body))
			continue
		}
		want, ok := wantType[path.Ext(u.Path)]
		if !ok {
			t.Errorf("%s: unexpected kind of asset", u.Path)
		} else if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, want) {
			t.Errorf("%s: Content-Type %q, want %s", u.Path, ct, want)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q, want immutable (the name carries a content hash)", u.Path, cc)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options: nosniff", u.Path)
		}
	}
}

func TestNotServed(t *testing.T) {
	h := playground.Handler()
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/index.html", http.StatusNotFound},
		{http.MethodGet, "/playground/", http.StatusNotFound},
		{http.MethodGet, "/playground/vendor/nothing.js", http.StatusNotFound},
		{http.MethodGet, "/static/index.html", http.StatusNotFound},
		{http.MethodPost, "/", http.StatusMethodNotAllowed},
		{http.MethodHead, "/", http.StatusOK},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Code != tc.want {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, rec.Code, tc.want)
		}
	}
}
