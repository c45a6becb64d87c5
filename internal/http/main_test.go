package http

import (
	"bytes"
	"sync"
	"testing"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// syncBuffer is a bytes.Buffer safe for handler goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
