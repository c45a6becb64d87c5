package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// StatementSource is what the metrics need from the store.
type StatementSource interface {
	Statements() int64
	ObserveStatements(func(time.Duration))
	PoolUse() (inUse, max int64)
}

// Metrics are the service's Prometheus metrics, on their own registry.
type Metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	operations *prometheus.CounterVec
	opLatency  *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	refused    prometheus.Counter
	httpErrors *prometheus.CounterVec
}

// latencyBuckets span a fast cached read (a millisecond) to a request
// timeout (30 s).
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// NewMetrics registers: HTTP requests by route and status, their latency,
// the Cypher statements sent to Neo4j and their latency, and the Go runtime
// and process figures.
func NewMetrics(db StatementSource) *Metrics {
	m := &Metrics{
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
	m.operations = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "argmap_graphql_operations_total",
		Help: "GraphQL operations by type, root fields and outcome (ok or the first error code).",
	}, []string{"type", "fields", "outcome"})
	m.opLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "argmap_graphql_operation_duration_seconds",
		Help:    "GraphQL operation latency by type and root fields.",
		Buckets: latencyBuckets,
	}, []string{"type", "fields"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "argmap_graphql_errors_total",
		Help: "GraphQL errors returned to clients, by extensions.code.",
	}, []string{"code"})
	m.refused = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "argmap_http_connections_refused_total",
		Help: "Connections closed at once because their client IP held the most connections allowed (ARGMAP_MAX_CONNS_PER_CLIENT).",
	})
	m.httpErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "argmap_http_errors_total",
		Help: "Errors answered outside GraphQL (export, readiness, rate limit), by code.",
	}, []string{"code"})
	statementLatency := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "argmap_cypher_statement_duration_seconds",
		Help:    "Latency of Cypher statements, as the service sees it.",
		Buckets: latencyBuckets,
	})
	db.ObserveStatements(func(d time.Duration) { statementLatency.Observe(d.Seconds()) })
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.latency, m.operations, m.opLatency, m.errors, m.refused, m.httpErrors, statementLatency,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "argmap_neo4j_sessions_in_use",
			Help: "Neo4j sessions open now (each holds or waits for a pooled connection).",
		}, func() float64 { n, _ := db.PoolUse(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "argmap_neo4j_pool_max_connections",
			Help: "The size of the Neo4j connection pool.",
		}, func() float64 { _, n := db.PoolUse(); return float64(n) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "argmap_cypher_statements_total",
			Help: "Cypher statements sent to Neo4j since the process started.",
		}, func() float64 { return float64(db.Statements()) }),
	)
	return m
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// observe records one request. route is the mux pattern, not the path, so
// the label set stays small whatever clients ask for.
func (m *Metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// Operation implements graph.Observer.
func (m *Metrics) Operation(kind, fields, outcome string, d time.Duration) {
	m.operations.WithLabelValues(kind, fields, outcome).Inc()
	m.opLatency.WithLabelValues(kind, fields).Observe(d.Seconds())
}

// Error implements graph.Observer.
func (m *Metrics) Error(code string) {
	if code == "" {
		code = "UNKNOWN"
	}
	m.errors.WithLabelValues(code).Inc()
}

// httpError counts an error answered outside GraphQL.
func (m *Metrics) httpError(code string) { m.httpErrors.WithLabelValues(code).Inc() }

// ConnRefused counts a connection refused by the per-client limit
// (NewConnLimiter's onRefuse).
func (m *Metrics) ConnRefused() { m.refused.Inc() }
