package main

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// statementCounter is what the metrics need from the store.
type statementCounter interface {
	Statements() int64
}

// newMetricsHandler serves Prometheus metrics: the Cypher statements sent to
// Neo4j (to watch the statements-per-request bound), and the Go runtime and
// process figures.
func newMetricsHandler(db statementCounter) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "argmap_cypher_statements_total",
			Help: "Cypher statements sent to Neo4j since the process started.",
		}, func() float64 { return float64(db.Statements()) }),
	)
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}
