package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestServe_RateLimit: a request over the budget is answered inside the
// request middleware, so a 429 carries X-Request-Id, has its access log
// line and is counted in argmap_http_requests_total, with the one JSON
// error shape and the RATE_LIMITED code.
func TestServe_RateLimit(t *testing.T) {
	env := testEnv(t)
	env["ARGMAP_RATE_LIMIT"] = "0.01" // no token comes back during the test
	env["ARGMAP_RATE_BURST"] = "2"
	s := MustServe(t, env)
	post := func(id string) *http.Response {
		req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", id)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for i := range 2 {
		res := post("burst-" + strconv.Itoa(i))
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("request %d of the burst: %d", i, res.StatusCode)
		}
	}
	res := post("over-the-limit")
	var body struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	err := json.NewDecoder(res.Body).Decode(&body)
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("over the burst: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if got := res.Header.Get("X-Request-Id"); got != "over-the-limit" {
		t.Errorf("429 X-Request-Id = %q, want the caller's", got)
	}
	if err != nil || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "RATE_LIMITED" || body.Errors[0].Message == "" {
		t.Errorf("429 body %+v (%v), want one error with code RATE_LIMITED", body, err)
	}
	var logged bool
	for _, line := range strings.Split(s.Stderr.String(), "\n") {
		if strings.Contains(line, `msg="http request"`) && strings.Contains(line, "status=429") && strings.Contains(line, "request_id=over-the-limit") {
			logged = true
		}
	}
	if !logged {
		t.Errorf("no access log line for the 429:\n%s", s.Stderr.String())
	}
	mres, err := http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(mres.Body)
	mres.Body.Close()
	for _, want := range []string{`argmap_http_requests_total{code="429",route="/graphql"} 1`, `argmap_http_errors_total{code="RATE_LIMITED"} 1`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
