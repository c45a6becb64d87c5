// Package serveproc starts a real `argmap serve` process on a free loopback
// port for the benchmark and the load test, and reads its memory from
// /proc, so that what they measure is the whole HTTP stack of a process of
// its own.
package serveproc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Process is a running `argmap serve`.
type Process struct {
	cmd  *exec.Cmd
	Base string // http://127.0.0.1:port
	done chan struct{}
	err  error // the exit status, valid once done is closed
}

// Start runs bin serve with env added to this process's environment (the
// caller passes the Neo4j settings it means, plus ARGMAP_* settings), on a
// free loopback port with the rate limit off, and waits up to within for
// /readyz to answer 200. The server's stderr goes to stderr.
func Start(ctx context.Context, bin string, env []string, within time.Duration, stderr io.Writer) (*Process, error) {
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("the argmap binary %s: %w (build it with `make build`, or give -bin)", bin, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	_ = ln.Close() // it only picked a free port
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(append(os.Environ(), "ARGMAP_ADDR="+addr, "ARGMAP_RATE_LIMIT=0"), env...)
	cmd.Stdout = io.Discard
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s serve: %w", bin, err)
	}
	p := &Process{cmd: cmd, Base: "http://" + addr, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	if err := p.waitReady(ctx, within); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

// PID is the process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

func (p *Process) waitReady(ctx context.Context, within time.Duration) error {
	deadline := time.Now().Add(within)
	last := "no answer"
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			if p.err == nil {
				return errors.New("argmap serve exited while starting (exit status 0)")
			}
			return fmt.Errorf("argmap serve exited while starting: %w", p.err)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		res, err := http.Get(p.Base + "/readyz")
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("%d %s", res.StatusCode, bytes.TrimSpace(b))
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("argmap serve at %s not ready within %s (last: %s)", p.Base, within, last)
}

// Stop interrupts the process and waits for it to end (killing it after
// 20 s).
func (p *Process) Stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// StatusKB reads one "kB" field (VmRSS, VmHWM) of /proc/PID/status.
func StatusKB(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close() //nolint:errcheck // read-only: Close cannot lose data
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no %s", pid, field)
}
