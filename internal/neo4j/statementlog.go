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
	// Tx numbers the transaction the statement ran in; statements of one
	// transaction share it (0 for auto-routed single statements).
	Tx int64
}

type statementLogKey struct{}

// WithStatementLog returns a context whose statements are recorded in the
// returned log.
func WithStatementLog(ctx context.Context) (context.Context, *StatementLog) {
	log := &StatementLog{}
	return context.WithValue(ctx, statementLogKey{}, log), log
}

func logStatement(ctx context.Context, cypher string, params map[string]any, write bool, tx int64) {
	if log, ok := ctx.Value(statementLogKey{}).(*StatementLog); ok {
		log.mu.Lock()
		log.Statements = append(log.Statements, LoggedStatement{Cypher: cypher, Params: params, Write: write, Tx: tx})
		log.mu.Unlock()
	}
}

// Replay runs the recorded read statements again, one after the other,
// grouped into transactions as the store ran them, and returns the first
// error. Writes are skipped.
func (db *DB) Replay(ctx context.Context, stmts []LoggedStatement) error {
	for i := 0; i < len(stmts); {
		j := i + 1
		for j < len(stmts) && stmts[i].Tx != 0 && stmts[j].Tx == stmts[i].Tx {
			j++
		}
		group := stmts[i:j]
		i = j
		if group[0].Write {
			continue
		}
		if _, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (struct{}, error) {
			for _, s := range group {
				res, err := tx.tx.Run(ctx, s.Cypher, s.Params)
				if err != nil {
					return struct{}{}, err
				}
				if _, err := res.Collect(ctx); err != nil {
					return struct{}{}, err
				}
			}
			return struct{}{}, nil
		}); err != nil {
			return err
		}
	}
	return nil
}
