package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// Ensure the interfaces are implemented.
var (
	_ argmap.StatsService  = (*DB)(nil)
	_ argmap.HealthChecker = (*DB)(nil)
)

// statsCypher counts every label and relationship type of the model in one
// statement. Labels and types are spliced from the argmap allowlists only;
// single-label and single-type counts are answered from Neo4j's count store.
var statsCypher = buildStatsCypher(argmap.NodeLabels, argmap.RelTypes)

func buildStatsCypher(labels []argmap.NodeLabel, types []argmap.RelType) string {
	var nodes, rels []string
	for _, l := range labels {
		nodes = append(nodes, fmt.Sprintf("COUNT { MATCH (n:`%s`) RETURN n }", l))
	}
	for _, t := range types {
		rels = append(rels, fmt.Sprintf("COUNT { MATCH ()-[r:`%s`]->() RETURN r }", t))
	}
	return "RETURN [" + strings.Join(nodes, ", ") + "] AS nodes, [" + strings.Join(rels, ", ") + "] AS rels"
}

// GraphStats implements argmap.StatsService.
func (db *DB) GraphStats(ctx context.Context) (*argmap.GraphStats, error) {
	res, err := db.query(ctx, statsCypher, nil, false)
	if err != nil {
		return nil, err
	}
	if len(res.Records) != 1 {
		return nil, fmt.Errorf("graph stats: %d records", len(res.Records))
	}
	rec := res.Records[0]
	nodes, _ := rec.Get("nodes")
	rels, _ := rec.Get("rels")
	stats := &argmap.GraphStats{}
	for i, v := range nodes.([]any) {
		stats.Nodes = append(stats.Nodes, argmap.Count{Kind: string(argmap.NodeLabels[i]), Count: v.(int64)})
	}
	for i, v := range rels.([]any) {
		stats.Relationships = append(stats.Relationships, argmap.Count{Kind: string(argmap.RelTypes[i]), Count: v.(int64)})
	}
	return stats, nil
}
