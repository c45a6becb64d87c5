package main

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// cypherRunner runs the benchmark's own statements (probes, PROFILE, machine
// facts) through a driver of its own, apart from the store under test.
type cypherRunner struct {
	drv      neo4j.DriverWithContext
	database string
}

// run executes one read statement and returns its records.
func (c *cypherRunner) run(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := neo4j.ExecuteQuery(ctx, c.drv, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(c.database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	return res.Records, nil
}

// profileTimeout bounds one PROFILE: it runs the statement.
const profileTimeout = time.Minute

// plan runs PROFILE cypher in a read transaction, or EXPLAIN when asked
// (for a write, which PROFILE would execute), and returns its plan.
func (c *cypherRunner) plan(ctx context.Context, cypher string, params map[string]any, explain bool) (*planNode, error) {
	session := c.drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: c.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(context.WithoutCancel(ctx))
	prefix := "PROFILE "
	if explain {
		prefix = "EXPLAIN "
	}
	out, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, prefix+cypher, params)
		if err != nil {
			return nil, err
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return nil, err
		}
		if p := sum.Profile(); p != nil {
			return profiledNode(p), nil
		}
		if p := sum.Plan(); p != nil {
			return explainedNode(p), nil
		}
		return (*planNode)(nil), nil
	}, neo4j.WithTxTimeout(profileTimeout))
	if err != nil {
		return nil, err
	}
	return out.(*planNode), nil
}
