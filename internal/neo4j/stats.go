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

// shapeCypher measures argmap.GraphShape in one statement: label counts
// from the count store, and per actor its relation count per type and in
// all, from the degree store (single-type patterns with no label on the far
// end), and its mentioning claims. Types are spliced from the allowlist.
var shapeCypher = buildShapeCypher(argmap.RelationTypes)

func buildShapeCypher(types []argmap.RelationType) string {
	var per, all []string
	for _, t := range types {
		rt := "`" + string(t.RelType()) + "`"
		per = append(per, fmt.Sprintf("max(COUNT { (a)-[:%s]-() })", rt))
		all = append(all, fmt.Sprintf("COUNT { (a)-[:%s]-() }", rt))
	}
	return `CALL () { MATCH (a:Actor)
  RETURN count(a) AS actors, coalesce(max(` + strings.Join(all, " + ") + `), 0) AS rels,
    [` + strings.Join(per, ", ") + `] AS perType,
    coalesce(max(COUNT { (a)<-[:MENTIONS]-() }), 0) AS actorClaims }
CALL () { MATCH (d:Document) RETURN count(d) AS documents, coalesce(max(COUNT { (d)<-[:FROM]-() }), 0) AS docClaims }
RETURN actors, rels, perType, actorClaims, documents, docClaims, COUNT { MATCH (c:Claim) RETURN c } AS claims`
}

// GraphShape implements argmap.StatsService.
func (db *DB) GraphShape(ctx context.Context) (*argmap.GraphShape, error) {
	res, err := db.query(ctx, shapeCypher, nil, false)
	if err != nil {
		return nil, err
	}
	if len(res.Records) != 1 {
		return nil, fmt.Errorf("graph shape: %d records", len(res.Records))
	}
	m := res.Records[0].AsMap()
	n := func(k string) int { v, _ := m[k].(int64); return int(v) }
	shape := &argmap.GraphShape{Actors: n("actors"), Claims: n("claims"), Documents: n("documents"),
		MaxActorRelations: n("rels"), MaxActorClaims: n("actorClaims"), MaxDocumentClaims: n("docClaims"),
		MaxActorRelationsOf: make(map[argmap.RelationType]int, len(argmap.RelationTypes))}
	per, _ := m["perType"].([]any)
	for i, t := range argmap.RelationTypes {
		if i < len(per) {
			v, _ := per[i].(int64) // null when there is no actor
			shape.MaxActorRelationsOf[t] = int(v)
		}
	}
	return shape, nil
}
