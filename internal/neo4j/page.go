package neo4j

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// Pages use keyset pagination: a cursor holds the sort key of the last item
// of a page, and the next page starts strictly after it. Unlike offsets,
// keysets neither skip nor repeat items when the graph changes between
// pages, and cost the same on page 1 and page 1,000.

// encodeCursor renders a sort key as an opaque cursor.
func encodeCursor(list string, key []any) string {
	b, _ := json.Marshal(append([]any{list}, key...))
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses a cursor of the given list with n key values. Numbers
// come back as int64 or float64, strings as strings.
func decodeCursor(list, cursor string, n int) ([]any, error) {
	bad := argmap.FieldErrorf(argmap.EINVALID, "after", "The cursor %q does not come from this list: use the endCursor or an edge cursor of a previous page.", cursor)
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, bad
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var vals []any
	if err := dec.Decode(&vals); err != nil || len(vals) != n+1 || vals[0] != list {
		return nil, bad
	}
	key := vals[1:]
	for i, v := range key {
		switch x := v.(type) {
		case json.Number:
			if n, err := x.Int64(); err == nil {
				key[i] = n
			} else if f, err := x.Float64(); err == nil {
				key[i] = f
			} else {
				return nil, bad
			}
		case string:
		default:
			return nil, bad
		}
	}
	return key, nil
}

// keysetAfter returns a predicate that holds for rows whose sort key
// (exprs, all ascending) comes strictly after the key in $k0, $k1, ….
func keysetAfter(exprs []string) string {
	args := make([]string, len(exprs))
	for i := range exprs {
		args[i] = fmt.Sprintf("$k%d", i)
	}
	return keysetAfterArgs(exprs, args)
}

// keysetAfterArgs is keysetAfter with the key's values written as args
// (expressions, usually parameters).
func keysetAfterArgs(exprs, args []string) string {
	var ors []string
	for i := range exprs {
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, fmt.Sprintf("%s = %s", exprs[j], args[j]))
		}
		ands = append(ands, fmt.Sprintf("%s > %s", exprs[i], args[i]))
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "(" + strings.Join(ors, " OR ") + ")"
}

// pageQuery describes one list: how to match and filter its rows, how to
// order them, and how to project a row.
type pageQuery struct {
	list    string         // the cursor namespace, so cursors of other lists are refused
	match   string         // MATCH … (may bind the row variable and others)
	where   []string       // predicates, all parameterized
	params  map[string]any // the predicates' parameters
	sortBy  []string       // sort key expressions, ascending, unique together
	project string         // RETURN expression of the row
}

// statements returns the page statement and the count statement.
func (q pageQuery) statements(page argmap.Page) (pageCypher, countCypher string, params map[string]any, err error) {
	params = map[string]any{"limit": int64(page.First + 1)}
	for k, v := range q.params {
		params[k] = v
	}
	where := q.where
	countWhere := ""
	if len(where) > 0 {
		countWhere = " WHERE " + strings.Join(where, " AND ")
	}
	if page.After != "" {
		key, err := decodeCursor(q.list, page.After, len(q.sortBy))
		if err != nil {
			return "", "", nil, err
		}
		for i, v := range key {
			params[fmt.Sprintf("k%d", i)] = v
		}
		where = append(append([]string{}, where...), keysetAfter(q.sortBy))
	}
	pageWhere := ""
	if len(where) > 0 {
		pageWhere = " WHERE " + strings.Join(where, " AND ")
	}
	var keys []string
	for i, e := range q.sortBy {
		keys = append(keys, fmt.Sprintf("%s AS k%d", e, i))
	}
	pageCypher = q.match + pageWhere + "\nWITH *, " + strings.Join(keys, ", ") +
		"\nORDER BY " + orderBy(len(q.sortBy)) + "\nLIMIT $limit\nRETURN " + q.project + " AS row, [" + keyList(len(q.sortBy)) + "] AS key"
	countCypher = q.match + countWhere + "\nRETURN count(*) AS n"
	return pageCypher, countCypher, params, nil
}

func orderBy(n int) string {
	var s []string
	for i := 0; i < n; i++ {
		s = append(s, fmt.Sprintf("k%d", i))
	}
	return strings.Join(s, ", ")
}

func keyList(n int) string { return orderBy(n) }

// runPage runs a page query in one read transaction (two statements: the
// page and the total count) and decodes rows with decode.
func runPage[T any](ctx context.Context, db *DB, q pageQuery, page argmap.Page, decode func(any) T) (*argmap.Connection[T], error) {
	if err := argmap.CheckRange("first", page.First, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	pageCypher, countCypher, params, err := q.statements(page)
	if err != nil {
		return nil, err
	}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Connection[T], error) {
		conn, err := runPageStatement(ctx, tx, q.list, pageCypher, params, page, decode)
		if err != nil {
			return nil, err
		}
		recs, err := tx.run(ctx, countCypher, params)
		if err != nil {
			return nil, err
		}
		n, _ := recs[0].Get("n")
		conn.TotalCount = n.(int64)
		return conn, nil
	})
}

// runPageStatement runs a page statement, which returns at most
// page.First+1 rows of two columns, row (decoded with decode) and key (the
// row's sort key, rendered as its cursor), and answers the page without its
// TotalCount.
func runPageStatement[T any](ctx context.Context, tx *txRunner, list, cypher string, params map[string]any, page argmap.Page, decode func(any) T) (*argmap.Connection[T], error) {
	recs, err := tx.run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	conn := &argmap.Connection[T]{HasPreviousPage: page.After != ""}
	if len(recs) > page.First {
		conn.HasNextPage = true
		recs = recs[:page.First]
	}
	for _, r := range recs {
		key, _ := r.Get("key")
		row, _ := r.Get("row")
		conn.Edges = append(conn.Edges, argmap.Edge[T]{Cursor: encodeCursor(list, key.([]any)), Node: decode(row)})
	}
	return conn, nil
}
