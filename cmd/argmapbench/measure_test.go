package main

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func durations(ms ...int) []time.Duration {
	var out []time.Duration
	for _, m := range ms {
		out = append(out, time.Duration(m)*time.Millisecond)
	}
	return out
}

func TestPercentile(t *testing.T) {
	var hundred []int
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, i)
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 0.5, 0},
		{"one value", durations(7), 0.99, 7 * time.Millisecond},
		{"p50 of two is the lower", durations(1, 2), 0.5, time.Millisecond},
		{"p95 of two is the higher", durations(1, 2), 0.95, 2 * time.Millisecond},
		{"p50 of 1..100", durations(hundred...), 0.50, 50 * time.Millisecond},
		{"p95 of 1..100", durations(hundred...), 0.95, 95 * time.Millisecond},
		{"p99 of 1..100", durations(hundred...), 0.99, 99 * time.Millisecond},
		{"p100 is the max", durations(hundred...), 1, 100 * time.Millisecond},
		// Nearest rank: p95 of 10 values is the 10th (ceil 9.5), not the 9th.
		{"p95 of ten", durations(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0.95, 10 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	s := summarize(durations(30, 10, 20, 40), 1, "boom", 2*time.Second)
	if s.Requests != 4 || s.Errors != 1 || s.FirstError != "boom" {
		t.Errorf("counts: %+v", s)
	}
	if s.P50 != 20*time.Millisecond || s.P95 != 40*time.Millisecond || s.Max != 40*time.Millisecond {
		t.Errorf("percentiles of unsorted input: p50 %v p95 %v max %v", s.P50, s.P95, s.Max)
	}
	if s.Rate != 2 {
		t.Errorf("rate = %v, want 4 requests / 2 s = 2", s.Rate)
	}
	if z := summarize(nil, 0, "", 0); z.Rate != 0 || z.P99 != 0 {
		t.Errorf("empty cell: %+v", z)
	}
}

func TestRatio(t *testing.T) {
	if got := ratio(13*time.Millisecond, 10*time.Millisecond); got < 1.2999 || got > 1.3001 {
		t.Errorf("ratio = %v, want 1.3", got)
	}
	if got := ratio(time.Millisecond, 0); got != 0 {
		t.Errorf("ratio over zero = %v, want 0", got)
	}
}

// closedLoop counts errors instead of stopping, and measures only successes.
func TestClosedLoop(t *testing.T) {
	var n atomic.Int64
	fn := func(ctx context.Context) error {
		time.Sleep(time.Millisecond)
		if n.Add(1)%3 == 0 {
			return errors.New("every third fails")
		}
		return nil
	}
	s := closedLoop(context.Background(), fn, 2, 100*time.Millisecond, time.Second)
	if s.Requests == 0 || s.Errors == 0 || s.FirstError != "every third fails" {
		t.Fatalf("want successes and counted errors, got %+v", s)
	}
	if total := int64(s.Requests + s.Errors); total != n.Load() {
		t.Errorf("%d requests counted, %d made", total, n.Load())
	}
	if s.P50 < time.Millisecond || s.Rate <= 0 {
		t.Errorf("latency %v, rate %v", s.P50, s.Rate)
	}
}
