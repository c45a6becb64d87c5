package argmap

import "context"

// GraphStats summarises the stored graph: how many nodes carry each label
// and how many relationships have each type.
type GraphStats struct {
	Nodes         []Count
	Relationships []Count
}

// Count is the number of graph elements of one kind.
type Count struct {
	Kind  string
	Count int64
}

// TotalNodes is the sum over Nodes.
func (s *GraphStats) TotalNodes() int64 { return sum(s.Nodes) }

// TotalRelationships is the sum over Relationships.
func (s *GraphStats) TotalRelationships() int64 { return sum(s.Relationships) }

func sum(cs []Count) int64 {
	var n int64
	for _, c := range cs {
		n += c.Count
	}
	return n
}

// StatsService reads aggregate figures about the graph.
type StatsService interface {
	// GraphStats counts nodes per label and relationships per type, for every
	// label and type of the model (zero counts included).
	// Errors: UNAVAILABLE when the database cannot be reached.
	GraphStats(ctx context.Context) (*GraphStats, error)
}

// HealthChecker reports whether the backing store can serve requests.
type HealthChecker interface {
	// Ready returns nil when the store answers and its schema is migrated,
	// otherwise an UNAVAILABLE *Error whose message says why.
	Ready(ctx context.Context) error
}
