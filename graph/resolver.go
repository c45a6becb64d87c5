// Package graph is Argmap's GraphQL layer: the gqlgen executable schema,
// thin resolvers that call the argmap services, and the HTTP handler with
// its transports, limits and error presenter.
package graph

//go:generate go -C .. tool gqlgen generate

import "github.com/argmap/argmap/internal/argmap"

// Resolver holds the services the resolvers call. It is built once per
// process; per-request state lives in the request context.
type Resolver struct {
	Stats   argmap.StatsService
	Read    argmap.ReadService
	Explore argmap.ExploreService
	Write   argmap.WriteService
	Edit    argmap.EditService
	Maps    argmap.MapService
}
