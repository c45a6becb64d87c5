package model

import "github.com/argmap/argmap/internal/argmap"

// ActorRelation is an actor relation as the API shows it: seen from the
// actor whose relations were asked for (Self), or from nowhere (Self "") in
// paths and neighbourhoods.
type ActorRelation struct {
	*argmap.Relation
	Self string
}
