package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/internal/argmap"
)

// Bulk loading writes many documents' maps in large transactions, each
// holding whole documents only. The graph it leaves is the one ImportMap
// leaves when the same maps are imported one by one, in the same order, into
// a database that holds none of their documents (PlanBulk refuses the
// others), plus each document's importSha256.

// BulkDocument is one map of a bulk load.
type BulkDocument struct {
	Map *argmap.Map // validated (Map.Validate)
	// Fingerprint identifies the input the map was read from. It is stored
	// as importSha256 on the Document node: PlanBulk skips a document stored
	// with the same fingerprint, which makes a bulk load resumable.
	Fingerprint string
}

// BulkWritten counts what bulk writes created, and where their time went.
type BulkWritten struct {
	Nodes, Relationships int64
	// Statements is the time Neo4j took to run the statements of the
	// (last attempt of the) transactions, Commit the time to commit them.
	Statements, Commit time.Duration
}

// Elements returns nodes plus relationships.
func (w BulkWritten) Elements() int64 { return w.Nodes + w.Relationships }

// Add adds o to w.
func (w *BulkWritten) Add(o BulkWritten) {
	w.Nodes += o.Nodes
	w.Relationships += o.Relationships
	w.Statements += o.Statements
	w.Commit += o.Commit
}

// Each statement takes its rows from $rows and creates one kind of element
// for every document of the batch: a batch is a fixed number of statements,
// however many documents it holds. Relationships are created, not merged:
// PlanBulk guarantees that no document of a batch is stored yet, so nothing
// they write exists, and the uniqueness constraints catch a concurrent
// writer of the same ids (the batch then fails as a whole).
//
// Properties are written as map literals with the keys spelled out, not
// with SET x = row.props as ImportMap does: a SET from a map may write any
// key, so the planner must finish every MATCH of the statement before the
// first SET (an Eager operator that holds all rows). A null value creates
// no property, as SET x = {k: null} does. Keys come from the lists below,
// never from input.
const (
	cypherBulkDocuments = `
UNWIND $rows AS p
CREATE (d:Document)
SET d = p`
)

var (
	// Actors are shared. A batch merges each actor once, with the name, type
	// and description of the batch's last map that defines it (ImportMap:
	// the most recently imported map wins). aliases and keys grow by a
	// cheap union here, so that the stored keys are complete after every
	// batch (PlanBulk reads them on a resume); their order is made exactly
	// ImportMap's by RefreshActorAliases at the end of the load. keyText
	// and translitText follow keys, as every actor write keeps them (see
	// keyText, cypherTranslitText).
	cypherBulkActors = `
UNWIND $rows AS a
MERGE (x:Actor {id: a.id})
WITH x, a, coalesce(x.aliases, []) AS aliases, coalesce(x.keys, []) AS keys
WITH x, a, aliases, keys + [k IN a.keys WHERE NOT k IN keys] AS keys
SET x.name = a.name, x.type = a.type, x.description = a.description,
    x.aliases = aliases + [v IN a.aliases WHERE NOT v IN aliases],
    x.keys = keys, x.keyText = reduce(s = '\n', k IN keys | s + k + '\n'),
    x.translitText = ` + cypherTranslitText("keys")

	quoteKeys    = []string{"q_doc", "q_start", "q_end", "q_exact", "q_prefix", "q_suffix"}
	claimKeys    = append([]string{"id", "document", "text", "role", "modality", "hedging", "hedgeCue"}, quoteKeys...)
	namesKeys    = append([]string{"doc", "aliases", "keys"}, quoteKeys...)
	mentionKeys  = append([]string{"doc", "role"}, quoteKeys...)
	linkKeys     = append([]string{"id", "doc", "kind", "targetLink"}, quoteKeys...)
	relationKeys = append([]string{"id", "doc", "modality", "evidence"}, quoteKeys...)

	cypherBulkNames = `
UNWIND $rows AS n
MATCH (d:Document {id: n.doc})
MATCH (x:Actor {id: n.actor})
CREATE (d)-[:NAMES ` + propsOf("n.props", namesKeys) + `]->(x)`

	cypherBulkPartOf = `
UNWIND $rows AS p
MATCH (a:Actor {id: p.from})
MATCH (b:Actor {id: p.to})
CREATE (a)-[:PART_OF {doc: p.doc}]->(b)`

	cypherBulkClaims = `
UNWIND $rows AS c
MATCH (d:Document {id: c.doc})
CREATE (:Claim ` + propsOf("c.props", claimKeys) + `)-[:FROM {start: c.start, doc: c.doc}]->(d)`

	cypherBulkMentions = `
UNWIND $rows AS m
MATCH (c:Claim {id: m.claim})
MATCH (a:Actor {id: m.actor})
CREATE (c)-[:MENTIONS ` + propsOf("m.props", mentionKeys) + `]->(a)`
)

// cypherBulkEdges returns the statement that creates edges of one type
// between nodes of one label, with the given property keys. t and label
// come from the argmap allowlists.
func cypherBulkEdges(label argmap.NodeLabel, t argmap.RelType, keys []string) string {
	return fmt.Sprintf(`
UNWIND $rows AS e
MATCH (a:%[1]s {id: e.from})
MATCH (b:%[1]s {id: e.to})
CREATE (a)-[:%[2]s %[3]s]->(b)`, label, t, propsOf("e.props", keys))
}

// propsOf returns the Cypher map literal {k: v.k, …} of keys.
func propsOf(v string, keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + v + "." + k
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// bulkStatement is one statement of a batch with its rows.
type bulkStatement struct {
	cypher string
	rows   []map[string]any
}

// BulkBatch is a batch of documents with every statement parameter built,
// ready to be written by WriteBulkBatch. Building it is pure CPU work, done
// outside the transaction (which the driver may retry) and, by the bulk
// loader, while the previous batch is being written.
type BulkBatch struct {
	Documents  int
	statements []bulkStatement
}

// Statements returns the Cypher statements the batch runs, in order.
func (b *BulkBatch) Statements() []string {
	out := make([]string, len(b.statements))
	for i, s := range b.statements {
		out[i] = s.cypher
	}
	return out
}

// NewBulkBatch builds the statements that write docs, in order, as one
// transaction. Every map must be validated, and every document id distinct.
func NewBulkBatch(docs []BulkDocument) *BulkBatch {
	var (
		documents, names, partOf, claims, mentions []map[string]any
		links                                      = map[argmap.RelType][]map[string]any{}
		relations                                  = map[argmap.RelType][]map[string]any{}
		actors                                     = map[string]map[string]any{}
		actorOrder                                 []string
	)
	for _, bd := range docs {
		p := buildImportParams(bd.Map)
		p.document["importSha256"] = bd.Fingerprint
		documents = append(documents, p.document)
		for _, a := range p.actors {
			id := a["id"].(string)
			prev, seen := actors[id]
			if !seen {
				actorOrder = append(actorOrder, id)
				prev = map[string]any{"aliases": []string{}, "keys": []string{}}
			}
			row := map[string]any{"id": id, "name": a["name"], "type": a["type"], "description": a["description"],
				"aliases": union(prev["aliases"].([]string), a["names"].(map[string]any)["aliases"].([]string)),
				"keys":    union(prev["keys"].([]string), a["keys"].([]string))}
			actors[id] = row
			names = append(names, map[string]any{"doc": p.doc, "actor": id, "props": a["names"]})
		}
		for _, r := range p.partOf {
			r["doc"] = p.doc
			partOf = append(partOf, r)
		}
		for _, c := range p.claims {
			c["doc"] = p.doc
			claims = append(claims, c)
		}
		mentions = append(mentions, p.mentions...)
		for t, rows := range p.links {
			links[t] = append(links[t], rows...)
		}
		for t, rows := range p.relations {
			relations[t] = append(relations[t], rows...)
		}
	}
	actorRows := make([]map[string]any, 0, len(actorOrder))
	for _, id := range actorOrder {
		actorRows = append(actorRows, actors[id])
	}

	b := &BulkBatch{Documents: len(docs)}
	add := func(cypher string, rows []map[string]any) {
		if len(rows) > 0 {
			b.statements = append(b.statements, bulkStatement{cypher, rows})
		}
	}
	add(cypherBulkDocuments, documents)
	add(cypherBulkActors, actorRows)
	add(cypherBulkNames, names)
	add(cypherBulkPartOf, partOf)
	add(cypherBulkClaims, claims)
	add(cypherBulkMentions, mentions)
	for _, t := range []argmap.RelType{argmap.RelTypeSupports, argmap.RelTypeAttacks} {
		add(cypherBulkEdges(argmap.LabelClaim, t, linkKeys), links[t])
	}
	for _, rt := range argmap.RelationTypes {
		add(cypherBulkEdges(argmap.LabelActor, rt.RelType(), relationKeys), relations[rt.RelType()])
	}
	return b
}

// union returns a followed by the elements of b it lacks, without
// duplicates, as ImportMap's alias union does.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// WriteBulkBatch writes a batch in one transaction: all of its documents or,
// on any error, none. Errors: CONFLICT (a document, claim, link or relation
// id of the batch was stored meanwhile), UNAVAILABLE.
func (db *DB) WriteBulkBatch(ctx context.Context, b *BulkBatch) (BulkWritten, error) {
	// The timings are the only thing the transaction function keeps outside
	// the transaction; a retried attempt overwrites them.
	var begin, done time.Time
	w, err := write(ctx, db, func(ctx context.Context, tx *txRunner) (BulkWritten, error) {
		begin = time.Now()
		var w BulkWritten
		for _, s := range b.statements {
			c, err := tx.exec(ctx, s.cypher, map[string]any{"rows": s.rows})
			if err != nil {
				return BulkWritten{}, err
			}
			w.Nodes += int64(c.NodesCreated())
			w.Relationships += int64(c.RelationshipsCreated())
		}
		done = time.Now()
		return w, nil
	})
	if err == nil {
		w.Statements, w.Commit = done.Sub(begin), time.Since(done)
	}
	return w, err
}

// exec runs one statement for its effect and returns its counters.
func (r *txRunner) exec(ctx context.Context, cypher string, params map[string]any) (neo4j.Counters, error) {
	r.db.statements.Add(1)
	logStatement(ctx, cypher, params, r.write, r.id)
	defer r.db.observed(time.Now())
	res, err := r.tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	return sum.Counters(), nil
}

// RefreshActorAliases recomputes the aliases and keys of the given actors
// from every document naming them, exactly as ImportMap does after each
// import, chunk actors per transaction. progress, when not nil, is called
// after each chunk with the actors done so far.
func (db *DB) RefreshActorAliases(ctx context.Context, ids []string, chunk int, progress func(done, total int)) error {
	if chunk <= 0 {
		chunk = 500
	}
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(i+chunk, len(ids))]
		if _, err := write(ctx, db, func(ctx context.Context, tx *txRunner) (struct{}, error) {
			_, err := tx.exec(ctx, cypherActorAliases, map[string]any{"ids": part})
			return struct{}{}, err
		}); err != nil {
			return fmt.Errorf("merging actor aliases: %w", err)
		}
		if progress != nil {
			progress(i+len(part), len(ids))
		}
	}
	return nil
}
