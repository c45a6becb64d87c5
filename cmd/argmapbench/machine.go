package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/argmap/argmap/internal/argmap"
)

// Machine is what the figures were measured on: the report's first lines.
type Machine struct {
	When      time.Time
	CPU       string
	Cores     int
	RAM       int64 // bytes
	GoVersion string
	OS        string
	// Neo4j as CALL dbms.components() names it, and its memory settings.
	Neo4j     string
	Heap      string
	PageCache string
	// The graph measured.
	Stats *argmap.GraphStats
}

// machineFacts gathers the machine line. What cannot be read stays "?".
func machineFacts(ctx context.Context, c *cypherRunner, stats *argmap.GraphStats) Machine {
	m := Machine{When: time.Now(), CPU: "?", Cores: runtime.NumCPU(), GoVersion: runtime.Version(),
		OS: runtime.GOOS + "/" + runtime.GOARCH, Neo4j: "?", Heap: "?", PageCache: "?", Stats: stats}
	if v := firstField("/proc/cpuinfo", "model name"); v != "" {
		m.CPU = v
	}
	if v := firstField("/proc/meminfo", "MemTotal"); v != "" {
		var kb int64
		if _, err := fmt.Sscanf(v, "%d kB", &kb); err == nil {
			m.RAM = kb << 10
		}
	}
	if recs, err := c.run(ctx, `CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition`, nil); err == nil && len(recs) > 0 {
		m.Neo4j = fmt.Sprintf("%s %s %s", str(recs[0], "name"), str(recs[0], "version"), str(recs[0], "edition"))
	}
	if recs, err := c.run(ctx, `SHOW SETTINGS YIELD name, value WHERE name = 'server.memory.pagecache.size' RETURN value`, nil); err == nil && len(recs) > 0 {
		m.PageCache = str(recs[0], "value")
	}
	// The launcher sets the heap with -Xmx, which no setting shows: ask the JVM.
	if recs, err := c.run(ctx, `CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes
RETURN attributes.HeapMemoryUsage.value.properties.max AS max`, nil); err == nil && len(recs) > 0 {
		if n := num(recs[0], "max"); n > 0 {
			m.Heap = mib(n)
		}
	}
	return m
}

// firstField returns the value of the first "key : value" line of a /proc file.
func firstField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close() //nolint:errcheck // read-only: Close cannot lose data
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// guessScale names the scale of issue 7 that a graph's size is closest to:
// S (the seed article), M (1,000 documents) or L (10,000 documents).
func guessScale(stats *argmap.GraphStats) string {
	var docs int64
	for _, c := range stats.Nodes {
		if c.Kind == "Document" {
			docs = c.Count
		}
	}
	switch {
	case docs <= 30:
		return "S"
	case docs <= 3000:
		return "M"
	}
	return "L"
}
