package graph_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
)

// hostileCase is one request an attacker or a broken client might send.
type hostileCase struct {
	name        string
	method      string // POST when empty
	contentType string // application/json when empty
	body        string // for POST
	query       string // for GET: the raw URL query string
	status      int    // or requestError
	code        string
}

// requestError is the status of a GraphQL request error (parse,
// validation, variable coercion, a document limit): 200 when the client
// accepts application/json (or sends no Accept), 400 when it accepts
// application/graphql-response+json, as GraphQL over HTTP says.
const requestError = -1

// jsonBody is a POST body with the given GraphQL document.
func jsonBody(q string) string { return `{"query":` + jsonString(q) + `}` }

func hostileCases() []hostileCase {
	deep := strings.Repeat("claims { actors { actor { ", 40) + "id" + strings.Repeat(" } } }", 40)
	return []hostileCase{
		{name: "recursive fragment", body: jsonBody(`{ actor(id:"x") { ...A } } fragment A on Actor { parts { ...A } }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "mutually recursive fragments", body: jsonBody(`{ actor(id:"x") { ...A } } fragment A on Actor { parts { ...B } } fragment B on Actor { partOf { ...A } }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "fragment cycle in nested fields", body: jsonBody(`{ claims { nodes { ...C } } } fragment C on Claim { supports { ...D } } fragment D on Claim { attacks { document { claims { ...C } } } }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "self-spread fragment", body: jsonBody(`{ ...Q } fragment Q on Query { ...Q }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "fragment doubling x30 (billion laughs)", body: jsonBody(laughs(30)), status: requestError, code: argmap.EINVALID},
		{name: "5000 repeated fields", body: jsonBody("{ graphStats { " + strings.Repeat("totalNodes ", 5000) + "} }"), status: requestError, code: argmap.EINVALID},
		{name: "5000 repeated directives", body: jsonBody("{ graphStats { totalNodes " + strings.Repeat("@include(if: true) ", 5000) + "} }"), status: requestError, code: argmap.EINVALID},
		{name: "500 aliases", body: jsonBody("{ " + aliasList(500) + " }"), status: requestError, code: argmap.EINVALID},
		{name: "deep nesting (121 levels)", body: jsonBody(`{ actor(id:"x") { ` + deep + ` } }`), status: requestError, code: argmap.EINVALID},
		{name: "10000 nested braces", body: jsonBody(strings.Repeat("{", 10000) + strings.Repeat("}", 10000)), status: requestError, code: "GRAPHQL_PARSE_FAILED"},
		{name: "over the token limit", body: jsonBody(`{ search(query: "x", kinds: [` + strings.Repeat("1 ", 16000) + `]) { score } }`), status: requestError, code: "GRAPHQL_PARSE_FAILED"},
		{name: "20000 names (name scan)", body: jsonBody("{ " + strings.Repeat("a ", 20000) + "}"), status: requestError, code: argmap.EINVALID},
		{name: "first: 99999999999999999999", body: jsonBody(`{ actors(first: 99999999999999999999) { totalCount } }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "first var 1e30", body: `{"query":"query($n:Int){ actors(first:$n){ totalCount } }","variables":{"n":1e30}}`, status: requestError, code: argmap.EINVALID},
		{name: "first: 2147483647 nested", body: jsonBody(`{ actors(first: 2147483647) { nodes { claims(first: 2147483647) { id } } } }`), status: requestError, code: argmap.EINVALID},
		{name: "huge string argument (900 KB)", body: jsonBody(`{ search(query: "` + strings.Repeat("x", 900_000) + `") { score } }`), status: 200, code: ""},
		{name: "body over 1 MiB", body: jsonBody(`{ search(query: "` + strings.Repeat("x", 1<<20) + `") { score } }`), status: 413, code: argmap.EINVALID},
		{name: "invalid UTF-8 in body", body: "{\"query\":\"{ graphStats { totalNodes } }\xff\xfe\"}", status: 400, code: argmap.EINVALID},
		{name: "batched array", body: "[" + jsonBody("{ graphStats { totalNodes } }") + "," + jsonBody("{ relationCounts { count } }") + "]", status: 400, code: argmap.EINVALID},
		{name: "non-JSON body", body: "query { graphStats { totalNodes } }", status: 400, code: argmap.EINVALID},
		{name: "JSON string body", body: `"{ graphStats { totalNodes } }"`, status: 400, code: argmap.EINVALID},
		{name: "query not a string", body: `{"query":{"a":1}}`, status: 400, code: argmap.EINVALID},
		{name: "variables not an object", body: `{"query":"{ relationCounts { count } }","variables":[1]}`, status: 400, code: argmap.EINVALID},
		{name: "two JSON values", body: jsonBody("{ relationCounts { count } }") + jsonBody("{ relationCounts { count } }"), status: 400, code: argmap.EINVALID},
		{name: "truncated JSON", body: `{"query":"{ graphStats`, status: 400, code: argmap.EINVALID},
		{name: "empty body", body: "", status: 400, code: argmap.EINVALID},
		{name: "no query", body: `{"qeury":"{ relationCounts { count } }"}`, status: 400, code: argmap.EINVALID},
		{name: "query null", body: `{"query":null}`, status: 400, code: argmap.EINVALID},
		{name: "@defer (not supported, not declared)", body: jsonBody(`{ ... @defer { graphStats { totalNodes } } }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "empty query", body: `{"query":""}`, status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "no operation, only a fragment", body: jsonBody(`fragment F on Query { graphStats { totalNodes } }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "unknown operationName", body: `{"query":"query A { relationCounts { count } }","operationName":"B"}`, status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "subscription", body: jsonBody(`subscription { graphStats { totalNodes } }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "mutation over GET", method: http.MethodGet, query: "query=" + url.QueryEscape(`mutation { deleteClaim(id: "x") }`), status: 405, code: argmap.EINVALID},
		{name: "GET with bad variables", method: http.MethodGet, query: "query=" + url.QueryEscape(`{ relationCounts { count } }`) + "&variables=%7B", status: 400, code: argmap.EINVALID},
		{name: "GET with bad escape", method: http.MethodGet, query: "query=%zz", status: 400, code: argmap.EINVALID},
		{name: "GET with invalid UTF-8", method: http.MethodGet, query: "query=%ff%fe", status: 400, code: argmap.EINVALID},
		{name: "content type text/plain", contentType: "text/plain", body: jsonBody("{ relationCounts { count } }"), status: 415, code: argmap.EINVALID},
		{name: "content type multipart", contentType: "multipart/form-data; boundary=x", body: "--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{}\r\n--x--", status: 415, code: argmap.EINVALID},
		{name: "no content type", contentType: "-", body: jsonBody("{ relationCounts { count } }"), status: 415, code: argmap.EINVALID},
		{name: "charset latin1", contentType: "application/json; charset=latin1", body: jsonBody("{ relationCounts { count } }"), status: 415, code: argmap.EINVALID},
		{name: "method PUT", method: http.MethodPut, body: jsonBody("{ relationCounts { count } }"), status: 405, code: argmap.EINVALID},
		{name: "900 root __typename", body: jsonBody("{ " + strings.Repeat("__typename ", 900) + "}"), status: requestError, code: argmap.EINVALID},
		{name: "introspection depth attack", body: jsonBody(`{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`), status: requestError, code: "GRAPHQL_VALIDATION_FAILED"},
	}
}

// laughs is a document whose fragments spread the next one twice, n deep:
// 2^n fields once expanded, a few hundred bytes written.
func laughs(n int) string {
	var b strings.Builder
	b.WriteString(`{ ...F0 } `)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d } ", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { relationCounts { count } }", n)
	return b.String()
}

func aliasList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "a%d: relationCounts { count } ", i)
	}
	return b.String()
}

// TestHostile sends every hostile case to the real handler, as a client
// that accepts application/json and as one that accepts
// application/graphql-response+json, and checks that it answers quickly
// with a clean error and no data entry. The bound is generous: it catches
// hangs and blow-ups, it is not a latency benchmark.
func TestHostile(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	const bound = 2 * time.Second
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-42s %-6s %-6s %-28s %s\n", "case", "json", "gr+j", "code", "duration")
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			target := srv.URL
			if tc.query != "" {
				target += "?" + tc.query
			}
			var statuses [2]int
			var code any
			var took time.Duration
			for i, accept := range []string{"", "application/graphql-response+json"} {
				want := tc.status
				if want == requestError {
					want = []int{http.StatusOK, http.StatusBadRequest}[i]
				}
				var body io.Reader
				if method != http.MethodGet {
					body = strings.NewReader(tc.body)
				}
				req, err := http.NewRequest(method, target, body)
				if err != nil {
					t.Fatal(err)
				}
				switch tc.contentType {
				case "":
					req.Header.Set("Content-Type", "application/json")
				case "-":
				default:
					req.Header.Set("Content-Type", tc.contentType)
				}
				if accept != "" {
					req.Header.Set("Accept", accept)
				}
				start := time.Now()
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(res.Body)
				res.Body.Close()
				res.Body = io.NopCloser(bytes.NewReader(raw))
				status, r := decode(t, res)
				d := time.Since(start)
				took = max(took, d)
				statuses[i] = status
				if len(r.Errors) > 0 {
					code = r.Errors[0].Extensions["code"]
				}
				if status != want {
					t.Errorf("accept %q: status %d, want %d (errors %+v)", accept, status, want, r.Errors)
				}
				if tc.code == "" {
					if len(r.Errors) > 0 {
						t.Errorf("errors %+v, want none", r.Errors)
					}
				} else {
					if r.Errors == nil || r.Errors[0].Extensions["code"] != tc.code {
						t.Errorf("accept %q: code %v, want %s (errors %+v)", accept, code, tc.code, r.Errors)
					}
					// Nothing was executed: a request error has no data entry.
					var top map[string]json.RawMessage
					if json.Unmarshal(raw, &top) == nil {
						if _, ok := top["data"]; ok {
							t.Errorf("accept %q: a request error with a data entry: %s", accept, raw)
						}
					}
				}
				for _, e := range r.Errors {
					if len(e.Message) > 2000 {
						t.Errorf("message of %d bytes: the request is echoed", len(e.Message))
					}
				}
				if d > bound {
					t.Errorf("answered in %v, want under %v", d, bound)
				}
			}
			fmt.Fprintf(&table, "%-42s %-6d %-6d %-28v %v\n", tc.name, statuses[0], statuses[1], code, took.Round(100*time.Microsecond))
		})
	}
	t.Log(table.String())
}

// A client that sends its whole body before it reads (Python's urllib
// does) must read the 413 of a body over the limit, not a connection
// reset: the server reads and discards the rest before it closes. Both a
// declared Content-Length and a chunked body, 10 MB each.
func TestBodyTooLarge_ClientThatSendsFirst(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	addr := strings.TrimPrefix(srv.URL, "http://")
	const size = 10 << 20
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked %v", chunked), func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close() //nolint:errcheck // the response is read before it; nothing is left to lose
			_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
			body := []byte(`{"query":"` + strings.Repeat("x", size) + `"}`)
			var req bytes.Buffer
			fmt.Fprintf(&req, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n", addr)
			if chunked {
				req.WriteString("Transfer-Encoding: chunked\r\n\r\n")
				for b := body; len(b) > 0; {
					n := min(len(b), 64<<10)
					fmt.Fprintf(&req, "%x\r\n%s\r\n", n, b[:n])
					b = b[n:]
				}
				req.WriteString("0\r\n\r\n")
			} else {
				fmt.Fprintf(&req, "Content-Length: %d\r\n\r\n", len(body))
				req.Write(body)
			}
			if _, err := conn.Write(req.Bytes()); err != nil {
				t.Fatalf("sending the body: %v (the server closed before reading it)", err)
			}
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("reading the response: %v", err)
			}
			b, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatalf("reading the response body: %v", err)
			}
			if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), `"limit":"bodyBytes"`) {
				t.Errorf("status %d, body %s", res.StatusCode, b)
			}
		})
	}
}
