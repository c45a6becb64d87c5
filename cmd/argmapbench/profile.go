package main

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	store "github.com/argmap/argmap/internal/neo4j"
)

// planNode is one operator of an execution plan, as PROFILE (or EXPLAIN)
// returns it: the driver's tree in a form the checks (and their tests) can
// build without a database.
type planNode struct {
	Op       string // operator name without the "@neo4j" suffix
	Details  string // the operator's Details argument ("a:Actor", "a.id = $id")
	DbHits   int64
	Rows     int64
	Children []*planNode
}

func profiledNode(p neo4j.ProfiledPlan) *planNode {
	n := &planNode{Op: opName(p.Operator()), Details: details(p.Arguments()), DbHits: p.DbHits(), Rows: p.Records()}
	for _, c := range p.Children() {
		n.Children = append(n.Children, profiledNode(c))
	}
	return n
}

// explainedNode converts an EXPLAIN plan. The driver's Plan.Children
// (v5.28.4, built with go 1.18 loop semantics) returns the last child for
// every child, so the tree is read from the driver's plan value itself,
// through reflection: Operator, Arguments and Children of its db.Plan.
func explainedNode(p neo4j.Plan) *planNode {
	v := reflect.ValueOf(p)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		if inner := v.FieldByName("plan"); inner.IsValid() && inner.Kind() == reflect.Pointer && !inner.IsNil() {
			return reflectedNode(inner.Elem())
		}
	}
	// Another driver version: trust its Children.
	n := &planNode{Op: opName(p.Operator()), Details: details(p.Arguments())}
	for _, c := range p.Children() {
		n.Children = append(n.Children, explainedNode(c))
	}
	return n
}

// reflectedNode reads a db.Plan struct {Operator string; Arguments
// map[string]any; Children []db.Plan}.
func reflectedNode(v reflect.Value) *planNode {
	n := &planNode{}
	if f := v.FieldByName("Operator"); f.Kind() == reflect.String {
		n.Op = opName(f.String())
	}
	if f := v.FieldByName("Arguments"); f.Kind() == reflect.Map {
		if d := f.MapIndex(reflect.ValueOf("Details")); d.IsValid() {
			for d.Kind() == reflect.Interface {
				d = d.Elem()
			}
			if d.Kind() == reflect.String {
				n.Details = d.String()
			}
		}
	}
	if f := v.FieldByName("Children"); f.Kind() == reflect.Slice {
		for i := range f.Len() {
			n.Children = append(n.Children, reflectedNode(f.Index(i)))
		}
	}
	return n
}

func opName(op string) string {
	name, _, _ := strings.Cut(op, "@")
	return name
}

func details(args map[string]any) string {
	s, _ := args["Details"].(string)
	return s
}

// PlanCheck is what PROFILE says about one statement a request runs.
type PlanCheck struct {
	Query     string // Query.Key
	Statement int    // 1-based position in the request
	Cypher    string
	Profiled  bool // false: EXPLAIN only (no db hits)
	// IndexOps are the operators that look something up in an index
	// ("NodeUniqueIndexSeek a:Actor(id)"), distinct, in plan order.
	IndexOps []string
	// Scans are label and relationship-type scans ("NodeByLabelScan c:Claim"),
	// LookupScans those of them whose rows are then filtered on an id, a
	// name or an alias: a lookup that an index should answer.
	Scans, LookupScans []string
	DbHits, Rows       int64 // Rows: the records the root operator produced
	Err                string
}

// lookupProps are the properties by which the API looks things up: ids,
// names and the folded alias keys.
var lookupProps = []string{"id", "keyText", "keys", "name", "aliases"}

// isIndexOp says whether an operator answers from an index: a seek or
// (contains, ends-with, full) index scan, or a full-text index procedure.
func isIndexOp(n *planNode) bool {
	switch {
	case strings.Contains(n.Op, "IndexSeek"), strings.Contains(n.Op, "IndexScan"),
		strings.Contains(n.Op, "IndexContainsScan"), strings.Contains(n.Op, "IndexEndsWithScan"):
		return true
	case n.Op == "ProcedureCall" && strings.Contains(n.Details, "db.index.fulltext"):
		return true
	}
	return false
}

// isScan says whether an operator reads every node of a label (or every
// node), or every relationship (of a type).
func isScan(op string) bool {
	return strings.HasSuffix(op, "NodeByLabelScan") || strings.HasSuffix(op, "NodeByLabelsScan") ||
		strings.HasSuffix(op, "AllNodesScan") || strings.Contains(op, "AllRelationshipsScan") ||
		strings.Contains(op, "RelationshipTypeScan") || strings.Contains(op, "RelationshipTypesScan")
}

// scanVar returns the variable a scan binds: "a" of "a:Actor", "r" of
// "(x)-[r:RISK_TO]->(y)", "n" of "n".
func scanVar(details string) string {
	if i := strings.Index(details, "["); i >= 0 {
		rest := details[i+1:]
		if j := strings.IndexAny(rest, ":]"); j >= 0 {
			return strings.TrimSpace(rest[:j])
		}
	}
	v, _, _ := strings.Cut(details, ":")
	return strings.TrimSpace(v)
}

// classify walks a plan and fills the operator lists and totals of c.
func classify(root *planNode, c *PlanCheck) {
	if root == nil {
		return
	}
	c.Rows = root.Rows
	var walk func(n *planNode, ancestors []*planNode)
	walk = func(n *planNode, ancestors []*planNode) {
		c.DbHits += n.DbHits
		label := strings.TrimSpace(n.Op + " " + n.Details)
		switch {
		case isIndexOp(n):
			if !slices.Contains(c.IndexOps, label) {
				c.IndexOps = append(c.IndexOps, label)
			}
		case isScan(n.Op):
			c.Scans = append(c.Scans, label)
			if filtersLookup(scanVar(n.Details), ancestors) {
				c.LookupScans = append(c.LookupScans, label)
			}
		}
		next := append(slices.Clip(ancestors), n)
		for _, ch := range n.Children {
			walk(ch, next)
		}
	}
	walk(root, nil)
}

// filtersLookup says whether a Filter above a scan of v tests one of v's
// lookup properties: the scan then serves a lookup by id, name or alias.
func filtersLookup(v string, ancestors []*planNode) bool {
	if v == "" {
		return false
	}
	re := regexp.MustCompile(`(^|[^\w])` + regexp.QuoteMeta(v) + `\.(` + strings.Join(lookupProps, "|") + `)\b`)
	for _, a := range ancestors {
		if a.Op == "Filter" && re.MatchString(a.Details) {
			return true
		}
	}
	return false
}

// profileStatements runs every recorded statement of a query with PROFILE
// (EXPLAIN for writes, or for all when explainOnly) and classifies its plan.
func profileStatements(ctx context.Context, c *cypherRunner, key string, stmts []store.LoggedStatement, explainOnly bool) []PlanCheck {
	var out []PlanCheck
	for i, s := range stmts {
		explain := s.Write || explainOnly
		pc := PlanCheck{Query: key, Statement: i + 1, Cypher: strings.TrimSpace(s.Cypher), Profiled: !explain}
		plan, err := c.plan(ctx, s.Cypher, s.Params, explain)
		if err != nil {
			pc.Err = err.Error()
		} else {
			classify(plan, &pc)
		}
		out = append(out, pc)
	}
	return out
}

// statementLabel is a one-line name of a statement for tables: its first
// clause with a keyword, shortened.
func statementLabel(cypher string) string {
	var parts []string
	for _, line := range strings.Split(cypher, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
		if len(parts) == 2 {
			break
		}
	}
	s := strings.Join(parts, " ")
	if r := []rune(s); len(r) > 70 {
		s = string(r[:69]) + "…"
	}
	return s
}

// lookupScanError lists the statements where a lookup scans, or is nil.
func lookupScanError(checks []PlanCheck) error {
	var bad []string
	for _, c := range checks {
		if len(c.LookupScans) > 0 {
			bad = append(bad, fmt.Sprintf("%s statement %d (%s): %s", c.Query, c.Statement, statementLabel(c.Cypher), strings.Join(c.LookupScans, ", ")))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("-strict-index: lookups by id, name or alias that scan instead of using an index:\n  %s", strings.Join(bad, "\n  "))
}
