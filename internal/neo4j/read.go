package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/textsearch"
)

var _ argmap.ReadService = (*DB)(nil)

// Batch statements take a list of keys and answer one row per key, in key
// order (UNWIND keeps order and OPTIONAL/ collect keeps one row per key).
const (
	// A merged actor's id resolves to the actor it was merged into.
	cypherActorsByID = `
UNWIND $ids AS id
OPTIONAL MATCH (x:Actor {id: id})
OPTIONAL MATCH (:MergedActor {id: id})-[:MERGED_INTO]->(y:Actor)
WITH coalesce(x, y) AS a
RETURN CASE WHEN a IS NULL THEN null ELSE ` + projActor + ` END AS row`

	cypherClaimsByID = `
UNWIND $ids AS id
OPTIONAL MATCH (c:Claim {id: id})
RETURN CASE WHEN c IS NULL THEN null ELSE ` + projClaim + ` END AS row`

	cypherDocumentsByID = `
UNWIND $ids AS id
OPTIONAL MATCH (d:Document {id: id})
RETURN CASE WHEN d IS NULL THEN null ELSE ` + projDocument + ` END AS row`

	cypherDocumentClaimIDs = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Document {id: id})<-[f:FROM]-(c:Claim)
  WITH c, f ORDER BY f.start, c.id
  LIMIT $first
  RETURN collect(c.id) AS claims
}
RETURN claims`

	cypherActorClaimIDs = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Actor {id: id})<-[:MENTIONS]-(c:Claim)-[f:FROM]->(d:Document)
  WITH DISTINCT c, f, d ORDER BY d.published DESC, d.id, f.start, c.id
  LIMIT $first
  RETURN collect(c.id) AS claims
}
RETURN claims`

	cypherClaimLinks = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Claim {id: id})-[r:SUPPORTS|ATTACKS]-(:Claim)
  WITH r ORDER BY r.id
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE ` + projRel + ` END) AS links
}
RETURN links`

	cypherActorParts = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Actor {id: id})<-[:PART_OF]-(p:Actor)
  WITH DISTINCT p ORDER BY p.id
  RETURN collect(p.id) AS parts
}
RETURN parts`
)

// byIDs runs a batch statement over ids and decodes one value per row.
func byIDs[T any](ctx context.Context, db *DB, cypher string, ids []string, extra map[string]any, decode func(any) T) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	params := map[string]any{"ids": ids}
	for k, v := range extra {
		params[k] = v
	}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]T, error) {
		return byIDsInTx(ctx, tx, cypher, params, decode)
	})
}

// byIDsInTx runs a batch statement inside a transaction; params["ids"]
// holds the keys.
func byIDsInTx[T any](ctx context.Context, tx *txRunner, cypher string, params map[string]any, decode func(any) T) ([]T, error) {
	recs, err := tx.run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	if n := len(params["ids"].([]string)); len(recs) != n {
		return nil, fmt.Errorf("batch statement returned %d rows for %d keys", len(recs), n)
	}
	out := make([]T, len(recs))
	for i, r := range recs {
		out[i] = decode(r.Values[0])
	}
	return out, nil
}

// objectsOf fetches, in a running transaction, the objects that explore
// answers name by id, so the API need not wait for a loader to ask for
// them. ids may repeat; the answer follows ids.
func objectsOf[T any](ctx context.Context, tx *txRunner, cypher string, ids []string, decode func(any) T) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return byIDsInTx(ctx, tx, cypher, map[string]any{"ids": ids}, decode)
}

// ActorsByID implements argmap.ReadService.
func (db *DB) ActorsByID(ctx context.Context, ids []string) ([]*argmap.Actor, error) {
	return byIDs(ctx, db, cypherActorsByID, ids, nil, actorFrom)
}

// ClaimsByID implements argmap.ReadService.
func (db *DB) ClaimsByID(ctx context.Context, ids []string) ([]*argmap.Claim, error) {
	return byIDs(ctx, db, cypherClaimsByID, ids, nil, claimFrom)
}

// DocumentsByID implements argmap.ReadService.
func (db *DB) DocumentsByID(ctx context.Context, ids []string) ([]*argmap.Document, error) {
	return byIDs(ctx, db, cypherDocumentsByID, ids, nil, documentFrom)
}

// DocumentClaimIDs implements argmap.ReadService.
func (db *DB) DocumentClaimIDs(ctx context.Context, documentIDs []string, first int) ([][]string, error) {
	if err := argmap.CheckRange("first", first, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	return byIDs(ctx, db, cypherDocumentClaimIDs, documentIDs, map[string]any{"first": int64(first)}, stringList)
}

// ActorClaimIDs implements argmap.ReadService.
func (db *DB) ActorClaimIDs(ctx context.Context, actorIDs []string, first int) ([][]string, error) {
	if err := argmap.CheckRange("first", first, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	return byIDs(ctx, db, cypherActorClaimIDs, actorIDs, map[string]any{"first": int64(first)}, stringList)
}

// ClaimLinks implements argmap.ReadService.
func (db *DB) ClaimLinks(ctx context.Context, claimIDs []string) ([][]*argmap.Link, error) {
	return byIDs(ctx, db, cypherClaimLinks, claimIDs, nil, func(v any) []*argmap.Link {
		var links []*argmap.Link
		for _, x := range v.([]any) {
			if l, ok := linkFrom(x); ok {
				links = append(links, l)
			}
		}
		return links
	})
}

// ActorParts implements argmap.ReadService.
func (db *DB) ActorParts(ctx context.Context, actorIDs []string) ([][]string, error) {
	return byIDs(ctx, db, cypherActorParts, actorIDs, nil, stringList)
}

// ActorRelations implements argmap.ReadService.
func (db *DB) ActorRelations(ctx context.Context, actorIDs []string, f argmap.RelationFilter) ([][]*argmap.Relation, *argmap.Related, error) {
	if err := argmap.CheckRange("first", f.First, 1, argmap.MaxPageSize); err != nil {
		return nil, nil, err
	}
	if err := f.Published.Check("published"); err != nil {
		return nil, nil, err
	}
	types, err := allowedRelTypes(f.Types)
	if err != nil {
		return nil, nil, err
	}
	pattern := "(a)-[r:" + types + "]-(b:Actor)"
	switch f.Direction {
	case argmap.DirectionOut:
		pattern = "(a)-[r:" + types + "]->(b:Actor)"
	case argmap.DirectionIn:
		pattern = "(a)<-[r:" + types + "]-(b:Actor)"
	}
	var where []string
	params := map[string]any{"first": int64(f.First)}
	if f.Modality != "" {
		where, params["modality"] = append(where, "r.modality = $modality"), string(f.Modality)
	}
	if f.DocumentID != "" {
		where, params["doc"] = append(where, "r.doc = $doc"), f.DocumentID
	}
	if !f.Published.Empty() {
		cond := "EXISTS { MATCH (d:Document {id: r.doc}) WHERE true"
		if f.Published.From != nil {
			cond += " AND d.published >= $from"
			params["from"] = dbtype.Date(*f.Published.From)
		}
		if f.Published.To != nil {
			cond += " AND d.published <= $to"
			params["to"] = dbtype.Date(*f.Published.To)
		}
		where = append(where, cond+" }")
	}
	whereClause := ""
	if len(where) > 0 {
		whereClause = "\n  WHERE " + strings.Join(where, " AND ")
	}
	cypher := `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (a:Actor {id: id})
  OPTIONAL MATCH ` + pattern + whereClause + `
  WITH a, r, b ORDER BY type(r), r.id
  LIMIT $first
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE ` + projRel + ` END) AS rels,
         collect(DISTINCT b) + collect(DISTINCT a) AS others,
         reduce(ids = [], e IN collect(r.evidence) | ids + e) AS evidence
}
CALL (others) {
  UNWIND others AS a
  RETURN collect(` + projActor + `) AS actors
}
CALL (evidence) {
  UNWIND evidence AS cid
  WITH DISTINCT cid
  MATCH (c:Claim {id: cid})
  RETURN collect(` + projClaim + `) AS claims
}
RETURN rels, actors, claims`
	if len(actorIDs) == 0 {
		return nil, &argmap.Related{}, nil
	}
	params["ids"] = actorIDs
	type answer struct {
		rels    [][]*argmap.Relation
		related *argmap.Related
	}
	ans, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (answer, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return answer{}, err
		}
		a := answer{rels: make([][]*argmap.Relation, len(recs)), related: &argmap.Related{}}
		for i, rec := range recs {
			for _, x := range rec.Values[0].([]any) {
				if r, ok := relationFrom(x); ok {
					a.rels[i] = append(a.rels[i], r)
				}
			}
			for _, x := range rec.Values[1].([]any) {
				a.related.Actors = append(a.related.Actors, actorFrom(x))
			}
			for _, x := range rec.Values[2].([]any) {
				a.related.Claims = append(a.related.Claims, claimFrom(x))
			}
		}
		return a, nil
	})
	return ans.rels, ans.related, err
}

// cypherFuzzyActorIDs binds fuzzy to the ids of the actors that the Lucene
// query $fuzzy finds on actor_translit (at most maxFuzzyActors): the actors
// name filter's fallback.
const cypherFuzzyActorIDs = `CALL () {
  CALL db.index.fulltext.queryNodes('actor_translit', $fuzzy, {limit: ` + maxFuzzyActors + `}) YIELD node
  RETURN collect(node.id) AS fuzzy
}
`

// maxFuzzyActors bounds the actors a misspelt name filter matches.
const maxFuzzyActors = "100"

// Actors implements argmap.ReadService.
func (db *DB) Actors(ctx context.Context, f argmap.ActorFilter, order argmap.ActorOrder, page argmap.Page) (*argmap.Connection[*argmap.Actor], error) {
	q := pageQuery{list: "actors:" + string(order), match: "MATCH (a:Actor)", params: map[string]any{}, project: projActor}
	if f.DocumentID != "" {
		q.match = "MATCH (:Document {id: $doc})-[:NAMES]->(a:Actor)"
		q.params["doc"] = f.DocumentID
	}
	nameAt := -1
	if f.Name != "" {
		// keyText holds every key between newlines, and a folded name has
		// none: a substring of one key is a substring of keyText, which a
		// TEXT index answers (NodeIndexContainsScan), not a label scan.
		nameAt = len(q.where)
		q.where = append(q.where, "a.keyText CONTAINS $name")
		q.params["name"] = argmap.FoldName(f.Name)
	}
	if len(f.Types) > 0 {
		q.where = append(q.where, "a.type IN $types")
		q.params["types"] = argmap.Strings(f.Types)
	}
	switch order {
	case argmap.ActorOrderID:
		q.sortBy = []string{"a.id"}
	case argmap.ActorOrderName, "":
		q.sortBy = []string{"toLower(a.name)", "a.id"}
	default:
		return nil, argmap.FieldErrorf(argmap.EINVALID, "orderBy", "Unknown order %q.", order)
	}
	conn, err := runPage(ctx, db, q, page, actorFrom)
	if err != nil || nameAt < 0 || conn.TotalCount > 0 {
		return conn, err
	}
	// No actor has the fragment: the actors whose names hold every word of
	// its transliteration key, each within textsearch.MaxEdits, match
	// instead. Only a name that finds nothing pays for this second read.
	words := textsearch.Parse(f.Name).TranslitWords
	if len(words) == 0 {
		return conn, nil
	}
	q.match = cypherFuzzyActorIDs + q.match
	q.where = slices.Clone(q.where)
	q.where[nameAt] = "a.id IN fuzzy"
	q.params["fuzzy"] = fuzzyLuceneAll(words)
	return runPage(ctx, db, q, page, actorFrom)
}

// Claims implements argmap.ReadService. Claims are listed in the order of
// their documents (publication date, then document id), and within a
// document by position (FROM.start), then claim id.
//
// The transaction counts the matches first, from the claim_* indexes of
// migrations/006_claim_filters.cypher when the filter needs no document,
// and then picks one of two plans for the page, both giving the same rows
// and keys (cursors of one plan are valid in the other):
//
//   - seek: find every match (by index, by the document or by the actor)
//     and sort them all: cheap when there are few;
//   - walk: go through the documents in order on the document_published_id
//     index, expand each one's claims, filter, and stop once the page is
//     full (PartialTop): cheap when matches are common, since it reads about
//     first × claims/matches claims.
//
// seek is chosen when matches² ≤ (first+1) × all claims, where the two
// costs meet.
func (db *DB) Claims(ctx context.Context, f argmap.ClaimFilter, page argmap.Page) (*argmap.Connection[*argmap.Claim], error) {
	if err := argmap.CheckRange("first", page.First, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	if err := f.Published.Check("filter.published"); err != nil {
		return nil, err
	}
	s, err := claimStatements(f, page)
	if err != nil {
		return nil, err
	}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Connection[*argmap.Claim], error) {
		recs, err := tx.run(ctx, s.count, s.params)
		if err != nil {
			return nil, err
		}
		n, _ := recs[0].Get("n")
		all, _ := recs[0].Get("all")
		matches, claims := n.(int64), all.(int64)
		cypher := s.walk
		if matches*matches <= int64(page.First+1)*claims {
			cypher = s.seek
		}
		conn, err := runPageStatement(ctx, tx, "claims", cypher, s.params, page, claimFrom)
		if err != nil {
			return nil, err
		}
		conn.TotalCount = matches
		return conn, nil
	})
}

// claimsOrder is the claims list's sort key, ascending. Its cursor holds
// toString(d.published) (an ISO date, which sorts like the date), d.id,
// f.start and c.id.
var claimsOrder = []string{"d.published", "d.id", "f.start", "c.id"}

// claimQuery holds the statements of a claims page: see Claims.
type claimQuery struct {
	count      string // RETURN the number of matches AS n, of claims AS all
	seek, walk string // page statements
	params     map[string]any
}

// claimStatements builds the statements of a claims page.
func claimStatements(f argmap.ClaimFilter, page argmap.Page) (claimQuery, error) {
	params := map[string]any{"limit": int64(page.First + 1)}
	// Claim predicates. The role, modality and hedging predicates are
	// written for the composite indexes: each index is used only with a
	// predicate on every one of its properties, so the properties the
	// filter leaves open are asked to exist (every claim has all three).
	var claimWhere []string
	enums := []struct {
		prop, param string
		values      []string
	}{
		{"role", "roles", argmap.Strings(f.Roles)},
		{"modality", "modalities", argmap.Strings(f.Modalities)},
		{"hedging", "hedgings", argmap.Strings(f.Hedgings)},
	}
	var index []string
	switch {
	case len(f.Roles) > 0 && len(f.Modalities) == 0 && len(f.Hedgings) > 0:
		index = []string{"hedging", "role"} // claim_hedging_role
	case len(f.Roles) > 0:
		index = []string{"role", "modality", "hedging"} // claim_role_modality_hedging
	case len(f.Modalities) > 0:
		index = []string{"modality", "hedging"} // claim_modality_hedging
	case len(f.Hedgings) > 0:
		index = []string{"hedging", "role"} // claim_hedging_role
	}
	for _, e := range enums {
		if len(e.values) > 0 {
			claimWhere, params[e.param] = append(claimWhere, "c."+e.prop+" IN $"+e.param), e.values
		} else if slices.Contains(index, e.prop) {
			claimWhere = append(claimWhere, "c."+e.prop+" IS NOT NULL")
		}
	}
	if f.Text != "" {
		claimWhere, params["text"] = append(claimWhere, "toLower(c.text) CONTAINS toLower($text)"), f.Text
	}
	// Document predicates.
	docWhere := publishedWhere(f.Published, "d", params)
	if f.DocumentID != "" {
		docWhere, params["doc"] = append(docWhere, "d.id = $doc"), f.DocumentID
	}
	// The keyset: the cursor's date is compared as a date, so that the
	// walk's index seek starts at it.
	var after, docAfter string
	if page.After != "" {
		key, err := decodeCursor("claims", page.After, len(claimsOrder))
		if err != nil {
			return claimQuery{}, err
		}
		published, ok1 := key[0].(string)
		day, err := time.Parse(time.DateOnly, published)
		_, ok2 := key[1].(string)
		_, ok3 := key[2].(int64)
		_, ok4 := key[3].(string)
		if err != nil || !ok1 || !ok2 || !ok3 || !ok4 {
			return claimQuery{}, argmap.FieldErrorf(argmap.EINVALID, "after", "The cursor %q does not come from this list: use the endCursor or an edge cursor of a previous page.", page.After)
		}
		params["k0"], params["k1"], params["k2"], params["k3"] = dbtype.Date(day), key[1], key[2], key[3]
		after = keysetAfter(claimsOrder)
		docAfter = "d.published >= $k0 AND (d.published > $k0 OR d.id >= $k1)"
	}
	and := func(preds ...string) string {
		var ps []string
		for _, p := range preds {
			if p != "" {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			return ""
		}
		return " WHERE " + strings.Join(ps, " AND ")
	}
	cw, dw := strings.Join(claimWhere, " AND "), strings.Join(docWhere, " AND ")
	tail := "\nWITH c, f, d ORDER BY " + strings.Join(claimsOrder, ", ") + "\nLIMIT $limit\nRETURN " + projClaim +
		" AS row, [toString(d.published), d.id, f.start, c.id] AS key"
	const all = "COUNT { MATCH (x:Claim) RETURN x }"

	q := claimQuery{params: params}
	// seek and count start from the actor when there is one: a claim may
	// mention it several times.
	match := "MATCH (c:Claim)-[f:FROM]->(d:Document)"
	if f.ActorID != "" {
		params["actor"] = f.ActorID
		match = "MATCH (:Actor {id: $actor})<-[:MENTIONS]-(c:Claim)\nWITH DISTINCT c\nMATCH (c)-[f:FROM]->(d:Document)"
	}
	q.seek = match + and(cw, dw, after) + tail
	switch {
	case f.ActorID == "" && dw == "":
		// Every claim has exactly one FROM: no need to expand it.
		q.count = "MATCH (c:Claim)" + and(cw) + "\nWITH count(*) AS n\nRETURN n, " + all + " AS all"
	default:
		q.count = match + and(cw, dw) + "\nWITH count(*) AS n\nRETURN n, " + all + " AS all"
	}
	if f.ActorID != "" {
		cw = strings.TrimPrefix(cw+" AND ", " AND ") + "EXISTS { (c)-[:MENTIONS]->(:Actor {id: $actor}) }"
	}
	q.walk = "MATCH (d:Document)" + and("d.published IS NOT NULL AND d.id IS NOT NULL", dw, docAfter) +
		"\nWITH d ORDER BY d.published, d.id\nCALL (d) {\n  MATCH (c:Claim)-[f:FROM]->(d)" + and(cw, after) + "\n  RETURN c, f\n}" + tail
	return q, nil
}

// Documents implements argmap.ReadService.
func (db *DB) Documents(ctx context.Context, f argmap.DocumentFilter, page argmap.Page) (*argmap.Connection[*argmap.Document], error) {
	if err := f.Published.Check("filter.published"); err != nil {
		return nil, err
	}
	q := pageQuery{list: "documents", match: "MATCH (d:Document)", params: map[string]any{}, project: projDocument,
		sortBy: []string{"toString(d.published)", "d.id"}}
	q.where = publishedWhere(f.Published, "d", q.params)
	return runPage(ctx, db, q, page, documentFrom)
}

func publishedWhere(r argmap.DateRange, doc string, params map[string]any) []string {
	var where []string
	if r.From != nil {
		where, params["from"] = append(where, doc+".published >= $from"), dbtype.Date(*r.From)
	}
	if r.To != nil {
		where, params["to"] = append(where, doc+".published <= $to"), dbtype.Date(*r.To)
	}
	return where
}
