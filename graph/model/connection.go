package model

import "github.com/argmap/argmap/internal/argmap"

// Connection is a page of a list in the GraphQL cursor connection shape:
// ActorConnection, ClaimConnection and DocumentConnection are this one type
// (gqlgen binds each to its alias).
type Connection[T any] struct {
	// Edges are the items with their cursors.
	Edges []*Edge[T] `json:"edges"`
	// Nodes are the items.
	Nodes []*T `json:"nodes"`
	// PageInfo says where the page stands in the list.
	PageInfo *PageInfo `json:"pageInfo"`
	// TotalCount is how many items the whole list holds.
	TotalCount int `json:"totalCount"`
}

// Edge is an item of a page with its cursor.
type Edge[T any] struct {
	Cursor string `json:"cursor"`
	Node   *T     `json:"node"`
}

// The connections and edges of the schema.
type (
	ActorConnection    = Connection[argmap.Actor]
	ActorEdge          = Edge[argmap.Actor]
	ClaimConnection    = Connection[argmap.Claim]
	ClaimEdge          = Edge[argmap.Claim]
	DocumentConnection = Connection[argmap.Document]
	DocumentEdge       = Edge[argmap.Document]
)
