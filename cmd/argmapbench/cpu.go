package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU is CPU time spent per request by the processes of a measurement: the
// serve process (API only), Neo4j, and this benchmark process (the HTTP
// client, or the driver replaying the floor). On a small machine where all
// three share the cores, it explains the API/raw ratio under load better
// than latency does: a saturated machine answers in proportion to the CPU
// each request costs.
type CPU struct {
	Serve, Neo4j, Client time.Duration
}

// cpuClock reads the CPU time used so far by the three processes.
type cpuClock struct {
	servePID int // 0: no serve process to read
	cypher   *cypherRunner
}

// cpuReading is one reading of the clock; ok is false where a figure
// could not be read.
type cpuReading struct {
	serve, neo4j, client time.Duration
	neo4jOK              bool
}

func (c cpuClock) read(ctx context.Context) cpuReading {
	var r cpuReading
	if c.servePID > 0 {
		r.serve, _ = processCPU(c.servePID)
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.client = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	// Neo4j may run anywhere the driver reaches: ask its JVM.
	recs, err := c.cypher.run(ctx, `CALL dbms.queryJmx('java.lang:type=OperatingSystem') YIELD attributes
RETURN attributes.ProcessCpuTime.value AS ns`, nil)
	if err == nil && len(recs) > 0 {
		r.neo4j, r.neo4jOK = time.Duration(num(recs[0], "ns")), true
	}
	return r
}

// perRequest divides the CPU used between two readings by n requests.
func perRequest(before, after cpuReading, n int) CPU {
	if n <= 0 {
		return CPU{}
	}
	c := CPU{Serve: (after.serve - before.serve) / time.Duration(n), Client: (after.client - before.client) / time.Duration(n)}
	if before.neo4jOK && after.neo4jOK {
		c.Neo4j = (after.neo4j - before.neo4j) / time.Duration(n)
	}
	return c
}

// clockTick is the unit of /proc/PID/stat times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// processCPU reads a process's user and system CPU time from /proc.
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces: count fields after ")".
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	// utime and stime are fields 14 and 15 of the line, 12 and 13 after ")".
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad times", pid)
	}
	return time.Duration(utime+stime) * clockTick, nil
}
