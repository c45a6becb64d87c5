// Package playground serves Argmap's research playground: GraphiQL with the
// explorer plugin and example operations about the seed map, talking to the
// GraphQL API at /graphql.
//
// Every file the page needs is embedded in the binary, and the page refers
// to nothing outside this server: Argmap runs on closed networks, where a
// playground that loads its scripts or styles from a CDN shows a blank page
// (and where a page must not tell third parties who uses it). The files in
// static/ are built by web/playground (`make playground`) from pinned npm
// packages and committed, so `go build` needs neither npm nor a network;
// `make playground-check` verifies they equal a fresh build.
package playground

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

// static holds index.html (served at "/") and the assets below
// static/playground (served at "/playground/…").
//
//go:embed static
var static embed.FS

// AssetPrefix is the path below which Handler serves the page's scripts and
// styles. Route both "/" and AssetPrefix to Handler, for example
//
//	mux.Handle("GET /{$}", h)
//	mux.Handle("GET "+playground.AssetPrefix, h)
//
// ("GET /" alone would conflict with a method-less "/graphql" pattern).
const AssetPrefix = "/playground/"

// contentSecurityPolicy lets the page load and contact only its own origin, so
// a browser refuses any request elsewhere even if a future asset tried one.
// Inline styles stay allowed: GraphiQL and index.html use them.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// hashedName matches the asset names the build gives: name.<12 hex>.ext.
var hashedName = regexp.MustCompile(`\.[0-9a-f]{12}\.[a-z0-9]+$`)

var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".woff2": "font/woff2",
}

type file struct {
	name   string // for http.ServeContent
	body   []byte
	header http.Header
}

// files maps URL paths to the embedded files, with their headers.
var files = load()

func load() map[string]*file {
	m := map[string]*file{}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		h := http.Header{}
		ctype, ok := contentTypes[path.Ext(rel)]
		if !ok {
			ctype = "application/octet-stream"
		}
		h.Set("Content-Type", ctype)
		h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
		h.Set("X-Content-Type-Options", "nosniff")
		urlPath := "/" + rel
		switch {
		case rel == "index.html":
			// The page names the current assets: browsers revalidate it on
			// every load (a 304 while unchanged) and pick up new builds at once.
			urlPath = "/"
			h.Set("Cache-Control", "no-cache")
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			// The URL may carry ?token=…: never pass it on.
			h.Set("Referrer-Policy", "no-referrer")
		case hashedName.MatchString(rel):
			// The name changes with the content: cache for good.
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		default:
			h.Set("Cache-Control", "no-cache")
		}
		m[urlPath] = &file{name: path.Base(rel), body: body, header: h}
		return nil
	})
	if err != nil {
		panic("playground: reading the embedded files: " + err.Error())
	}
	if m["/"] == nil {
		panic("playground: static/index.html is missing: run `make playground`")
	}
	return m
}

// Handler serves the playground page at "/" and its assets below
// AssetPrefix, all from the binary. It answers GET and HEAD (with ETag
// revalidation) and 404 for every other path.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		f := files[r.URL.Path]
		if f == nil {
			http.NotFound(w, r)
			return
		}
		for k, v := range f.header {
			w.Header()[k] = append([]string(nil), v...)
		}
		http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.body))
	})
}
