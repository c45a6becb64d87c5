package neo4j

import "github.com/argmap/argmap/internal/argmap"

// Quotes are stored on the node or relationship they ground, as parallel
// list properties (q_doc, q_start, q_end, q_exact, q_prefix, q_suffix): one
// entry per W3C selector pair. Neo4j properties cannot hold maps, and
// relationships cannot point at quote nodes, so this keeps provenance on the
// element itself and readable in the Neo4j Browser.

// setQuotes adds the quote properties of qs to props.
func setQuotes(props map[string]any, qs []argmap.Quote) map[string]any {
	n := len(qs)
	doc, exact, prefix, suffix := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	start, end := make([]int64, n), make([]int64, n)
	for i, q := range qs {
		doc[i], exact[i], prefix[i], suffix[i] = q.DocumentID, q.Exact, q.Prefix, q.Suffix
		start[i], end[i] = int64(q.Start), int64(q.End)
	}
	props["q_doc"], props["q_exact"], props["q_prefix"], props["q_suffix"] = doc, exact, prefix, suffix
	props["q_start"], props["q_end"] = start, end
	return props
}

// getQuotes reads the quote properties of a node or relationship.
func getQuotes(props map[string]any) []argmap.Quote {
	doc := stringList(props["q_doc"])
	exact, prefix, suffix := stringList(props["q_exact"]), stringList(props["q_prefix"]), stringList(props["q_suffix"])
	start, end := intList(props["q_start"]), intList(props["q_end"])
	var qs []argmap.Quote
	for i := range doc {
		if i >= len(exact) || i >= len(prefix) || i >= len(suffix) || i >= len(start) || i >= len(end) {
			break
		}
		qs = append(qs, argmap.Quote{DocumentID: doc[i], Exact: exact[i], Prefix: prefix[i], Suffix: suffix[i], Start: start[i], End: end[i]})
	}
	return qs
}

func stringList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func intList(v any) []int {
	l, _ := v.([]any)
	out := make([]int, 0, len(l))
	for _, x := range l {
		n, _ := x.(int64)
		out = append(out, int(n))
	}
	return out
}

func str(props map[string]any, key string) string {
	s, _ := props[key].(string)
	return s
}

// firstStart is where a claim's earliest quote starts: its place in the
// text order of its document (the FROM edge's start).
func firstStart(qs []argmap.Quote) int {
	start := qs[0].Start
	for _, q := range qs {
		start = min(start, q.Start)
	}
	return start
}
