package neo4j

import (
	"context"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// txWork is the body of a managed transaction. The driver may run it more
// than once, so it must not have side effects outside the transaction.
type txWork[T any] func(ctx context.Context, tx *txRunner) (T, error)

// txRunner runs statements in one transaction and counts them.
type txRunner struct {
	tx    neo4j.ManagedTransaction
	db    *DB
	write bool
	id    int64 // numbers the transaction in statement logs
}

// run executes one statement and collects its records.
func (r *txRunner) run(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	r.db.statements.Add(1)
	logStatement(ctx, cypher, params, r.write, r.id)
	defer r.db.observed(time.Now())
	res, err := r.tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// write runs work in one managed write transaction.
func write[T any](ctx context.Context, db *DB, work txWork[T]) (T, error) {
	return execute(ctx, db, neo4j.AccessModeWrite, work)
}

// read runs work in one managed read transaction (routed to followers in a
// cluster).
func read[T any](ctx context.Context, db *DB, work txWork[T]) (T, error) {
	return execute(ctx, db, neo4j.AccessModeRead, work)
}

func execute[T any](ctx context.Context, db *DB, mode neo4j.AccessMode, work txWork[T]) (T, error) {
	var zero T
	// One bookmark manager for every session and ExecuteQuery call: in a
	// cluster, a read after a write of this process sees the write. A
	// client's bookmarks (argmap.WithBookmarks) extend that across
	// processes.
	cfg := neo4j.SessionConfig{DatabaseName: db.database, AccessMode: mode, BookmarkManager: db.driver.ExecuteQueryBookmarkManager()}
	marks := argmap.BookmarksFrom(ctx)
	if marks != nil {
		cfg.Bookmarks = neo4j.BookmarksFromRawValues(marks.After()...)
	}
	session := db.driver.NewSession(ctx, cfg)
	defer session.Close(context.WithoutCancel(ctx))
	db.inUse.Add(1)
	defer db.inUse.Add(-1)
	id := db.txSeq.Add(1)
	fn := func(tx neo4j.ManagedTransaction) (any, error) {
		return work(ctx, &txRunner{tx: tx, db: db, write: mode == neo4j.AccessModeWrite, id: id})
	}
	var out any
	var err error
	if mode == neo4j.AccessModeWrite {
		out, err = session.ExecuteWrite(ctx, fn, neo4j.WithTxTimeout(db.txTime))
	} else {
		out, err = session.ExecuteRead(ctx, fn, neo4j.WithTxTimeout(db.txTime))
	}
	if err != nil {
		return zero, db.formatError(ctx, err)
	}
	db.clearProblem()
	if marks != nil && mode == neo4j.AccessModeWrite {
		marks.AddWritten(neo4j.BookmarksToRawValues(session.LastBookmarks()))
	}
	return out.(T), nil
}
