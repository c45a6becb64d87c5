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

// GraphShape bounds what the API's lists can return on the stored graph:
// how many actors, claims and documents there are, and the most relations
// (of each type), mentioning claims and document claims any one node has.
// The cost model of the complexity limit reads it, so that a nested list
// costs what it can hold, not its page size.
type GraphShape struct {
	Actors, Claims, Documents int
	// MaxActorRelations is the most actor relations, either way, any actor
	// has; MaxActorRelationsOf the same per relation type.
	MaxActorRelations   int
	MaxActorRelationsOf map[RelationType]int
	// MaxActorClaims is the most claims that mention one actor;
	// MaxDocumentClaims the most claims of one document.
	MaxActorClaims, MaxDocumentClaims int
}

// MaxRelations bounds the relations of the given types (all when empty)
// that any one actor has.
func (s *GraphShape) MaxRelations(types []RelationType) int {
	if len(types) == 0 {
		return s.MaxActorRelations
	}
	n := 0
	seen := make(map[RelationType]bool, len(types))
	for _, t := range types {
		if !seen[t] {
			seen[t] = true
			n += s.MaxActorRelationsOf[t]
		}
	}
	return min(n, s.MaxActorRelations)
}

// StatsService reads aggregate figures about the graph.
type StatsService interface {
	// GraphStats counts nodes per label and relationships per type, for every
	// label and type of the model (zero counts included).
	// Errors: UNAVAILABLE when the database cannot be reached.
	GraphStats(ctx context.Context) (*GraphStats, error)
	// GraphShape measures the stored graph's list bounds (see GraphShape).
	// Errors: UNAVAILABLE when the database cannot be reached.
	GraphShape(ctx context.Context) (*GraphShape, error)
}

// HealthChecker reports whether the backing store can serve requests.
type HealthChecker interface {
	// Ready returns nil when the store answers and its schema is migrated,
	// otherwise an UNAVAILABLE *Error whose message says why.
	Ready(ctx context.Context) error
}
