package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

func TestExport(t *testing.T) {
	neo4jtest.MustOpen(t)
	if _, errOut, err := runLoadCmd(t, seedFile); err != nil {
		t.Fatalf("load: %v\n%s", err, errOut)
	}
	env := testEnv(t)
	var out, errOut strings.Builder
	if err := run(t.Context(), []string{"export", "-format", "argdown"}, func(k string) string { return env[k] }, &out, &errOut); err != nil {
		t.Fatalf("export: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "[thesis]:") || !strings.Contains(out.String(), "#thesis") {
		t.Errorf("argdown export lacks the thesis:\n%.500s", out.String())
	}

	// To a file: the same bytes. To a full disk: an error naming the file
	// and the cause. The seed's Argdown (about 10 kB) fits in the export's
	// buffer, so the only write that fails is the last one, at Flush.
	file := filepath.Join(t.TempDir(), "seed.argdown")
	if err := run(t.Context(), []string{"export", "-format", "argdown", "-o", file}, func(k string) string { return env[k] }, io.Discard, io.Discard); err != nil {
		t.Fatalf("export -o: %v", err)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != out.String() {
		t.Errorf("export -o wrote %d bytes (%v), standard output had %d", len(b), err, out.Len())
	}
	err := run(t.Context(), []string{"export", "-format", "argdown", "-o", "/dev/full"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "/dev/full is incomplete") || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("export -o /dev/full: %v, want the file and the cause", err)
	}

	s := MustServe(t, env)
	waitStatus(t, s.URL+"/readyz", http.StatusOK, 60*time.Second)
	tests := []struct {
		path        string
		status      int
		contentType string
		contains    string
		code        string
	}{
		{"/export/graphml?layer=actors", http.StatusOK, "application/graphml+xml", "<graphml", ""},
		{"/export/csv?layer=arguments&table=edges", http.StatusOK, "text/csv", "source,target,id,type", ""},
		{"/export/argdown?document=syria-anti-isis-gamble", http.StatusOK, "text/plain", "[thesis]:", ""},
		{"/export/csv?layer=actors", http.StatusBadRequest, "application/json", "nodes or edges", "BAD_USER_INPUT"},
		{"/export/pdf", http.StatusBadRequest, "application/json", "Unknown export format", "BAD_USER_INPUT"},
		{"/export/argdown?document=nope", http.StatusNotFound, "application/json", "no document", "NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := http.Get(s.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.contentType) || !strings.Contains(string(b), tt.contains) {
				t.Errorf("status %d, type %q, body %.300s", res.StatusCode, res.Header.Get("Content-Type"), b)
			}
			if tt.status != http.StatusOK {
				var e errorResponse
				if err := json.Unmarshal(b, &e); err != nil || len(e.Errors) != 1 || e.Errors[0].Extensions["code"] != tt.code {
					t.Errorf("error body %q is not one error with code %s", b, tt.code)
				}
			}
		})
	}
}
