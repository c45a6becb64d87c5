// Package neo4j is Argmap's store: it implements the argmap service
// interfaces on Neo4j through the official Go driver.
//
// Every Cypher value is a parameter; labels and relationship types come only
// from the allowlists in package argmap. Driver errors are mapped to
// *argmap.Error at this package's edge (see FormatError).
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config holds what the store needs to reach Neo4j. cmd/argmap fills it from
// flags and the environment; nothing here reads the environment.
type Config struct {
	URI      string
	User     string
	Password string
	Database string

	// MaxPoolSize bounds the driver's connection pool.
	MaxPoolSize int
	// AcquireTimeout bounds the wait for a pooled connection, including the
	// time to open one: it is what makes requests fail fast while Neo4j is down.
	AcquireTimeout time.Duration
	// TxTimeout is sent to Neo4j with every transaction, so the server aborts
	// work that the client has long given up on.
	TxTimeout time.Duration
	// RetryTime bounds the driver's retries of a managed transaction.
	RetryTime time.Duration
}

// DefaultConfig returns the settings used when cmd/argmap is given nothing
// else: a local Neo4j, generous enough for the research playground, strict
// enough that an unreachable database is reported within seconds.
func DefaultConfig() Config {
	return Config{
		URI:            "bolt://127.0.0.1:7687",
		User:           "neo4j",
		Database:       "neo4j",
		MaxPoolSize:    50,
		AcquireTimeout: 5 * time.Second,
		TxTimeout:      30 * time.Second,
		RetryTime:      5 * time.Second,
	}
}

// DB is a handle on one Neo4j database. It is safe for concurrent use: the
// driver pools connections, and every call opens its own session.
type DB struct {
	driver   neo4j.DriverWithContext
	database string
	txTime   time.Duration
	logger   *slog.Logger

	migrated   atomic.Bool
	statements atomic.Int64
	// inUse counts the sessions open right now: each holds (or waits for)
	// one pooled connection, so it is the pool's use as the service sees it.
	inUse   atomic.Int64
	maxPool int
	// observe, when set, receives the duration of every statement (and
	// of every managed transaction's work): the metrics hook.
	observe atomic.Pointer[func(time.Duration)]
	txSeq   atomic.Int64

	// lastProblem remembers the last database problem that was logged, so that
	// a wrong password or an outage is reported once, not on every request.
	mu          sync.Mutex
	hasProblem  bool
	lastProblem problem
}

// Open creates the driver. It does not contact Neo4j: the service must start
// even when the database is down, and Ready says when it is reachable.
func Open(cfg Config, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""), func(c *config.Config) {
		if cfg.MaxPoolSize > 0 {
			c.MaxConnectionPoolSize = cfg.MaxPoolSize
		}
		if cfg.AcquireTimeout > 0 {
			c.ConnectionAcquisitionTimeout = cfg.AcquireTimeout
			c.SocketConnectTimeout = cfg.AcquireTimeout
		}
		if cfg.RetryTime > 0 {
			c.MaxTransactionRetryTime = cfg.RetryTime
		}
		c.TelemetryDisabled = true
	})
	if err != nil {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "NEO4J_URI", "Cannot use Neo4j URI %q: %v", cfg.URI, err)
	}
	maxPool := cfg.MaxPoolSize
	if maxPool <= 0 {
		maxPool = 100 // the driver's default
	}
	return &DB{driver: driver, database: cfg.Database, txTime: cfg.TxTimeout, logger: logger, maxPool: maxPool}, nil
}

// Close releases the driver's connections.
func (db *DB) Close(ctx context.Context) error {
	return db.driver.Close(ctx)
}

// ObserveStatements registers f to receive the duration of every statement.
func (db *DB) ObserveStatements(f func(time.Duration)) { db.observe.Store(&f) }

func (db *DB) observed(start time.Time) {
	if f := db.observe.Load(); f != nil {
		(*f)(time.Since(start))
	}
}

// PoolUse returns the sessions in use and the pool's size.
func (db *DB) PoolUse() (inUse, max int64) { return db.inUse.Load(), int64(db.maxPool) }

// Statements returns how many Cypher statements this DB has sent since it was
// opened. Tests use it to bound the statements per request.
func (db *DB) Statements() int64 { return db.statements.Load() }

// Ping runs RETURN 1 and returns nil when it succeeds.
func (db *DB) Ping(ctx context.Context) error {
	_, err := db.query(ctx, "RETURN 1 AS ok", nil, false)
	return err
}

// Ready implements argmap.HealthChecker: the database answers and the
// schema migrations have been applied.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.Ping(ctx); err != nil {
		return fmt.Errorf("%w [%w]", argmap.Errorf(argmap.EUNAVAILABLE, "%s", OperatorHint(err)), err)
	}
	if !db.migrated.Load() {
		return argmap.Errorf(argmap.EUNAVAILABLE, "The database schema is being prepared; try again shortly.")
	}
	return nil
}

// query runs one statement as a managed auto-routed transaction and returns
// all records. Writes go to the leader, reads may go to followers.
func (db *DB) query(ctx context.Context, cypher string, params map[string]any, write bool) (*neo4j.EagerResult, error) {
	routing := neo4j.ExecuteQueryWithReadersRouting()
	if write {
		routing = neo4j.ExecuteQueryWithWritersRouting()
	}
	db.statements.Add(1)
	logStatement(ctx, cypher, params, write, 0)
	defer db.observed(time.Now())
	db.inUse.Add(1)
	defer db.inUse.Add(-1)
	res, err := neo4j.ExecuteQuery(ctx, db.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db.database), routing,
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(db.txTime)))
	if err != nil {
		return nil, db.formatError(ctx, err)
	}
	db.clearProblem()
	return res, nil
}

// msgRequestTimeout is what a client is told when its own request's
// deadline (argmap serve's request timeout) ended a database call: the
// database is fine, the request asked for too much.
const msgRequestTimeout = "The request took longer than this server allows for one request (argmap serve's -request-timeout, ARGMAP_REQUEST_TIMEOUT) and was stopped: ask for less (a smaller first, fewer maxHops or depth) or try again."

// formatError maps err with FormatError and logs each new kind of database
// problem once, with the hint an operator needs. When ctx, the caller's
// context, has ended, the call failed because of the request, not the
// database: it says so, and the database is not reported as a problem (the
// driver's error then only tells that its retries ran out).
func (db *DB) formatError(ctx context.Context, err error) error {
	switch cerr := ctx.Err(); {
	case errors.Is(cerr, context.DeadlineExceeded):
		db.logger.WarnContext(ctx, "request deadline passed during a database call", "err", err)
		return fmt.Errorf("%w [%w]", argmap.Errorf(argmap.EUNAVAILABLE, msgRequestTimeout), err)
	case cerr != nil:
		return fmt.Errorf("%w [%w]", argmap.Errorf(argmap.EUNAVAILABLE, "The request was cancelled."), err)
	}
	mapped := FormatError(err)
	if argmap.ErrorCode(mapped) != argmap.EUNAVAILABLE {
		return mapped
	}
	p := problemOf(err)
	db.mu.Lock()
	repeated := db.hasProblem && db.lastProblem == p
	db.hasProblem, db.lastProblem = true, p
	db.mu.Unlock()
	if !repeated {
		db.logger.Error("neo4j unavailable", "problem", problemHints[p], "err", err)
	}
	return mapped
}

func (db *DB) clearProblem() {
	db.mu.Lock()
	had, was := db.hasProblem, db.lastProblem
	db.hasProblem = false
	db.mu.Unlock()
	if had {
		db.logger.Info("neo4j reachable again", "after", problemHints[was])
	}
}

// Migrate applies the embedded schema migrations. They are idempotent, so
// running them at every start is safe.
func (db *DB) Migrate(ctx context.Context) error {
	stmts, err := migrationStatements()
	if err != nil {
		return err
	}
	for _, s := range stmts {
		// Schema statements cannot share a transaction with anything else,
		// so each one runs on its own.
		if _, err := db.query(ctx, s.cypher, nil, true); err != nil {
			return fmt.Errorf("migration %s: %w", s.name, err)
		}
	}
	db.migrated.Store(true)
	return nil
}

// MigrateInBackground retries Migrate until it succeeds or ctx ends, so the
// service can start before Neo4j does and become ready when it appears.
func (db *DB) MigrateInBackground(ctx context.Context, every time.Duration) {
	for {
		err := db.Migrate(ctx)
		if err == nil {
			db.logger.Info("neo4j schema migrated")
			return
		}
		if argmap.ErrorCode(err) != argmap.EUNAVAILABLE && !errors.Is(err, context.Canceled) {
			db.logger.Error("neo4j migration failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
