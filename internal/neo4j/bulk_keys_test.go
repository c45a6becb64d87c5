package neo4j

import (
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/mapfile"
)

// The bulk statements write properties as map literals with the keys
// spelled out (see cypherBulkDocuments): a property that buildImportParams
// gains must be added to their key lists, or bulk loading would silently
// drop it. The seed map has every kind of property (undercuts with
// targetLink, link quotes, hedge cues, part-of).
func TestBulkStatementsWriteEveryProperty(t *testing.T) {
	m, err := mapfile.ReadFile("../../data/seed/syria-anti-isis-gamble.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	b := NewBulkBatch([]BulkDocument{{Map: m, Fingerprint: "test"}})
	checked := 0
	for _, s := range b.statements {
		for _, row := range s.rows {
			props, ok := row["props"].(map[string]any)
			if !ok {
				continue // written whole (documents) or field by field (actors, part-of)
			}
			for k := range props {
				if !strings.Contains(s.cypher, k+": ") {
					t.Errorf("property %q of a row is not written by:%s", k, s.cypher)
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d properties checked: the seed map should give far more", checked)
	}
}
