package bulk_test

import (
	"testing"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }
