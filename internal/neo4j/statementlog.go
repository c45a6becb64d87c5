package neo4j

import (
	"context"
	"sync"
)

// StatementLog records the Cypher statements run on behalf of one context,
// with their parameters. The benchmark uses it to replay exactly what an API
// request ran, straight through the driver, as the floor to compare with.
type StatementLog struct {
	mu         sync.Mutex
	Statements []LoggedStatement
}

// LoggedStatement is one recorded statement.
type LoggedStatement struct {
	Cypher string
	Params map[string]any
	Write  bool
}

type statementLogKey struct{}

// WithStatementLog returns a context whose statements are recorded in the
// returned log.
func WithStatementLog(ctx context.Context) (context.Context, *StatementLog) {
	log := &StatementLog{}
	return context.WithValue(ctx, statementLogKey{}, log), log
}

func logStatement(ctx context.Context, cypher string, params map[string]any, write bool) {
	if log, ok := ctx.Value(statementLogKey{}).(*StatementLog); ok {
		log.mu.Lock()
		log.Statements = append(log.Statements, LoggedStatement{Cypher: cypher, Params: params, Write: write})
		log.mu.Unlock()
	}
}

// Replay runs the recorded read statements again, each in its own read
// transaction as the store runs them, and returns the first error.
func (db *DB) Replay(ctx context.Context, stmts []LoggedStatement) error {
	for _, s := range stmts {
		if s.Write {
			continue
		}
		if _, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (struct{}, error) {
			res, err := tx.tx.Run(ctx, s.Cypher, s.Params)
			if err != nil {
				return struct{}{}, err
			}
			_, err = res.Collect(ctx)
			return struct{}{}, err
		}); err != nil {
			return err
		}
	}
	return nil
}
