package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// bigMap builds a valid map of one document with n claims (each quoting its
// own sentence), a chain of supports, and relations among ten actors: large
// enough that its import takes a while.
func bigMap(n int) *argmap.Map {
	var text strings.Builder
	m := &argmap.Map{Document: argmap.Document{ID: "big", Title: "A big synthetic text", Published: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}
	for a := 0; a < 10; a++ {
		m.Actors = append(m.Actors, argmap.MapActor{Actor: argmap.Actor{ID: fmt.Sprintf("actor-%d", a), Name: fmt.Sprintf("Actor %d", a), Type: argmap.ActorArmedGroup}})
	}
	pos := 0
	for i := 0; i < n; i++ {
		a := i % 10
		name := fmt.Sprintf("Actor %d", a)
		sentence := fmt.Sprintf("%s makes claim number %d. ", name, i)
		exact := strings.TrimSpace(sentence)
		q := argmap.Quote{Exact: exact, Start: pos, End: pos + len(exact)}
		mention := argmap.Quote{Exact: name, Start: pos, End: pos + len(name)}
		if i < 10 {
			m.Actors[a].Mentions = append(m.Actors[a].Mentions, mention)
		}
		id := fmt.Sprintf("big/c%d", i)
		m.Claims = append(m.Claims, argmap.Claim{ID: id, Text: exact, Role: argmap.RolePremise, Modality: argmap.ModalityAssertion,
			Hedging: argmap.HedgingNone, Quotes: []argmap.Quote{q}, Mentions: []argmap.Mention{{ActorID: m.Actors[a].ID, Role: argmap.MentionSubject, Quote: mention}}})
		if i > 0 {
			m.Links = append(m.Links, argmap.Link{ID: fmt.Sprintf("big/l%d", i), Type: argmap.LinkSupports, From: id, To: fmt.Sprintf("big/c%d", i-1)})
		}
		if i > 0 && i%7 == 0 {
			m.Relations = append(m.Relations, argmap.Relation{ID: fmt.Sprintf("big/r%d", i), Type: argmap.RelRiskTo, From: m.Actors[a].ID,
				To: m.Actors[(a+1)%10].ID, Modality: argmap.RelationPotential, Evidence: []string{id}, Quotes: []argmap.Quote{q}})
		}
		text.WriteString(sentence)
		pos += len(sentence) // ASCII: bytes are code points
	}
	m.Document.Text = text.String()
	return m
}

// TestCrashDuringImport kills Neo4j (SIGKILL) in the middle of a large
// import. After the restart nothing of the import may be there (a
// transaction is all or nothing), and retrying it must give exactly the
// graph of a clean import.
func TestCrashDuringImport(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	t.Cleanup(func() { neo4jCtl(t, "start") })

	// The graph a clean import gives, for comparison.
	if _, err := db.ImportMap(context.Background(), bigMap(4000), nil); err != nil {
		t.Fatal(err)
	}
	clean := neo4jtest.Fingerprint(t, d)
	neo4jtest.Reset(t)

	// Kill Neo4j from inside the import's transaction, just before it
	// writes the links: the claims are written, uncommitted.
	killed := false
	_, err := db.ImportMap(context.Background(), bigMap(4000), func(stage string, i, n int) {
		if stage == "writing links" && !killed {
			killed = true
			neo4jCtl(t, "kill")
		}
	})
	if !killed || err == nil {
		t.Fatalf("the import was not interrupted (killed %v, err %v)", killed, err)
	}
	t.Logf("the interrupted import returned %s: %s", argmap.ErrorCode(err), argmap.ErrorMessage(err))
	neo4jCtl(t, "start")
	if n := neo4jtest.Run(t, d, "MATCH (n) WHERE n:Document OR n:Claim OR n:Actor RETURN count(n)", nil)[0].Values[0].(int64); n != 0 {
		t.Errorf("%d nodes of the interrupted import survived the crash", n)
	}
	// The caller was not told the import succeeded, so it retries.
	if _, err := db.ImportMap(context.Background(), bigMap(4000), nil); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if after := neo4jtest.Fingerprint(t, d); after != clean {
		t.Error("the retried import differs from a clean one")
	}
}
