package main

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestLoadServeConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		check   func(t *testing.T, c config)
		wantErr string
	}{
		{name: "defaults", check: func(t *testing.T, c config) {
			if c.Addr != "127.0.0.1:8080" || c.Neo4j.URI != "bolt://127.0.0.1:7687" || c.Neo4j.Password != DefaultNeo4jPassword || c.Neo4j.Database != "neo4j" || c.MemoryLimitMiB != 160 {
				t.Errorf("defaults: %+v", c)
			}
		}},
		{name: "environment", env: map[string]string{"ARGMAP_ADDR": ":9000", "NEO4J_URI": "neo4j://db:7687", "NEO4J_PASSWORD": "s3cret-pw", "NEO4J_TX_TIMEOUT": "5s"},
			check: func(t *testing.T, c config) {
				if c.Addr != ":9000" || c.Neo4j.URI != "neo4j://db:7687" || c.Neo4j.Password != "s3cret-pw" || c.Neo4j.TxTimeout != 5*time.Second {
					t.Errorf("env not applied: %+v", c)
				}
			}},
		{name: "flag wins over environment", env: map[string]string{"ARGMAP_ADDR": ":9000"}, args: []string{"-addr", ":9001"},
			check: func(t *testing.T, c config) {
				if c.Addr != ":9001" {
					t.Errorf("addr = %q", c.Addr)
				}
			}},
		{name: "bad duration names the variable", env: map[string]string{"NEO4J_TX_TIMEOUT": "soon"}, wantErr: "NEO4J_TX_TIMEOUT"},
		{name: "bad log level", env: map[string]string{"ARGMAP_LOG_LEVEL": "loud"}, wantErr: "log level"},
		{name: "stray argument", args: []string{"extra"}, wantErr: "unexpected arguments"},
		{name: "memory limit default and override", env: map[string]string{"ARGMAP_MEMORY_LIMIT_MIB": "512"},
			check: func(t *testing.T, c config) {
				if c.MemoryLimitMiB != 512 {
					t.Errorf("MemoryLimitMiB = %d, want 512", c.MemoryLimitMiB)
				}
			}},
		{name: "negative memory limit", env: map[string]string{"ARGMAP_MEMORY_LIMIT_MIB": "-1"}, wantErr: "ARGMAP_MEMORY_LIMIT_MIB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c, err := loadServeConfig(fs, tt.args, func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestRun_UnknownCommand(t *testing.T) {
	var stderr strings.Builder
	err := run(t.Context(), []string{"frobnicate"}, func(string) string { return "" }, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "frobnicate") || !strings.Contains(stderr.String(), "argmap serve") {
		t.Errorf("err = %v, usage shown = %v", err, strings.Contains(stderr.String(), "argmap serve"))
	}
}
