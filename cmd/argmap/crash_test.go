package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
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

// TestCrashDuringConcurrentWrites kills Neo4j while ten writers create
// actors with client-chosen ids. After the restart and a retry of every
// write that was not acknowledged, every acknowledged write is there and
// nothing is duplicated.
func TestCrashDuringConcurrentWrites(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	t.Cleanup(func() { neo4jCtl(t, "start") })
	const writers, each = 10, 40
	id := func(w, k int) string { return fmt.Sprintf("crash-%d-%d", w, k) }
	write := func(w, k int) error {
		_, err := db.CreateActor(context.Background(), argmap.ActorInput{ID: id(w, k), Name: "Crash test actor " + id(w, k), Type: argmap.ActorMovement})
		return err
	}

	var mu sync.Mutex
	acked := map[string]bool{}
	var ackCount atomic.Int64
	killed := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := 0; k < each; k++ {
				if err := write(w, k); err != nil {
					return // a client stops at its first failure and retries later
				}
				mu.Lock()
				acked[id(w, k)] = true
				mu.Unlock()
				ackCount.Add(1)
			}
		}(w)
	}
	go func() {
		for ackCount.Load() < writers*each/4 {
			time.Sleep(5 * time.Millisecond)
		}
		neo4jCtl(t, "kill")
		close(killed)
	}()
	wg.Wait()
	<-killed
	neo4jCtl(t, "start")
	t.Logf("%d of %d writes acknowledged before and around the crash", len(acked), writers*each)
	if len(acked) == writers*each {
		t.Fatal("every write was acknowledged: the crash came too late to test anything")
	}

	// Retry what was not acknowledged (the writes are idempotent, so
	// retrying an acknowledged one would be harmless too).
	for w := 0; w < writers; w++ {
		for k := 0; k < each; k++ {
			if acked[id(w, k)] {
				continue
			}
			var err error
			for try := 0; try < 20; try++ {
				if err = write(w, k); err == nil || argmap.ErrorCode(err) != argmap.EUNAVAILABLE {
					break
				}
				time.Sleep(250 * time.Millisecond)
			}
			if err != nil {
				t.Fatalf("retrying %s: %v", id(w, k), err)
			}
		}
	}
	recs := neo4jtest.Run(t, d, "MATCH (a:Actor) WHERE a.id STARTS WITH 'crash-' RETURN a.id AS id, count(*) AS n", nil)
	if len(recs) != writers*each {
		t.Errorf("%d crash-test actors after the retry, want %d", len(recs), writers*each)
	}
	present := map[string]bool{}
	for _, r := range recs {
		id, _ := r.Get("id")
		present[id.(string)] = true
	}
	for a := range acked {
		if !present[a] {
			t.Errorf("acknowledged write %s is missing after the crash", a)
		}
	}
	if n := neo4jtest.Run(t, d, "MATCH (a:Actor) WITH a.id AS id, count(*) AS n WHERE n > 1 RETURN count(id)", nil)[0].Values[0].(int64); n != 0 {
		t.Errorf("%d actor ids are duplicated", n)
	}
}
