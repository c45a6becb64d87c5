package main

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// statementSource is what the metrics need from the store.
type statementSource interface {
	Statements() int64
	ObserveStatements(func(time.Duration))
}

// metrics are the service's Prometheus metrics, on their own registry.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// latencyBuckets span a fast cached read (a millisecond) to a request
// timeout (30 s).
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// newMetrics registers: HTTP requests by route and status, their latency,
// the Cypher statements sent to Neo4j and their latency, and the Go runtime
// and process figures.
func newMetrics(db statementSource) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "argmap_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "argmap_http_request_duration_seconds",
			Help:    "HTTP request latency by route.",
			Buckets: latencyBuckets,
		}, []string{"route"}),
	}
	statementLatency := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "argmap_cypher_statement_duration_seconds",
		Help:    "Latency of Cypher statements, as the service sees it.",
		Buckets: latencyBuckets,
	})
	db.ObserveStatements(func(d time.Duration) { statementLatency.Observe(d.Seconds()) })
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.latency, statementLatency,
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "argmap_cypher_statements_total",
			Help: "Cypher statements sent to Neo4j since the process started.",
		}, func() float64 { return float64(db.Statements()) }),
	)
	return m
}

// handler serves the metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// observe records one request. route is the mux pattern, not the path, so
// the label set stays small whatever clients ask for.
func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}
