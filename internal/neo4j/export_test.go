package neo4j

import "context"

// CypherTranslitText exports cypherTranslitText to the black-box tests.
var CypherTranslitText = cypherTranslitText

// CypherSearch exports cypherSearch to the benchmarks.
const CypherSearch = cypherSearch

// Query runs one read statement, for tests of how failures are reported.
func (db *DB) Query(ctx context.Context, cypher string) error {
	_, err := db.query(ctx, cypher, nil, false)
	return err
}

// HasProblem tells whether the store has reported a database problem that
// has not cleared.
func (db *DB) HasProblem() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.hasProblem
}
