package argmap

// NodeLabel is a Neo4j node label of the model. Labels reach Cypher only
// through this allowlist, never from input.
type NodeLabel string

// The node labels of the model.
const (
	LabelDocument NodeLabel = "Document"
	LabelClaim    NodeLabel = "Claim"
	LabelActor    NodeLabel = "Actor"
)

// NodeLabels lists every node label of the model, in display order.
var NodeLabels = []NodeLabel{LabelDocument, LabelClaim, LabelActor}

// RelType is a Neo4j relationship type of the model, from an allowlist.
type RelType string

// RelTypes lists every relationship type of the model, in display order.
// It grows with the model; counting and export iterate over it.
var RelTypes = []RelType{}
