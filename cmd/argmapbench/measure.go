package main

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"
)

// Stats summarises one measurement cell: one query, one side (API or raw),
// one concurrency, for a fixed duration.
type Stats struct {
	// Requests is the number of requests that completed without error.
	Requests int
	// Errors counts failed requests; FirstError is the message of the first.
	Errors     int
	FirstError string
	// Latency percentiles of the successful requests (nearest rank).
	P50, P95, P99, Max time.Duration
	// Rate is successful requests per second of wall time, from the start
	// of the cell until its last request ended.
	Rate    float64
	Elapsed time.Duration
}

// percentile returns the p-th percentile (0 < p ≤ 1) of sorted latencies by
// the nearest-rank method: the smallest value such that at least p of all
// values are at or below it. It returns 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// summarize computes the Stats of a cell from its latencies (in any order).
func summarize(lat []time.Duration, errors int, firstError string, elapsed time.Duration) Stats {
	s := slices.Clone(lat)
	slices.Sort(s)
	st := Stats{Requests: len(s), Errors: errors, FirstError: firstError, Elapsed: elapsed,
		P50: percentile(s, 0.50), P95: percentile(s, 0.95), P99: percentile(s, 0.99)}
	if len(s) > 0 {
		st.Max = s[len(s)-1]
	}
	if elapsed > 0 {
		st.Rate = float64(len(s)) / elapsed.Seconds()
	}
	return st
}

// ratio is a/b, or 0 when b is 0 (nothing to compare with).
func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// closedLoop runs fn from conc goroutines for d, each starting its next
// request when its last one ended, and measures every request; a request
// still running at the end of d is waited for and counted. Errors are
// counted, not fatal: the cell reports them and the caller fails the run.
// Every request gets its own timeout. A warm-up is the same call with its
// result discarded.
func closedLoop(ctx context.Context, fn func(context.Context) error, conc int, d, timeout time.Duration) Stats {
	var (
		mu       sync.Mutex
		lat      []time.Duration
		errors   int
		firstErr string
		wg       sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var errs int
			var first string
			for time.Now().Before(deadline) && ctx.Err() == nil {
				rctx, cancel := context.WithTimeout(ctx, timeout)
				t0 := time.Now()
				err := fn(rctx)
				took := time.Since(t0)
				cancel()
				if err != nil {
					if ctx.Err() != nil {
						break // interrupted: not the query's fault
					}
					errs++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				mine = append(mine, took)
			}
			mu.Lock()
			lat = append(lat, mine...)
			errors += errs
			if firstErr == "" {
				firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return summarize(lat, errors, firstErr, time.Since(start))
}
