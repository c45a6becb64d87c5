package main

// operation is one benchmarked GraphQL request: the playground's example
// questions about the seed map, plus a page of claims.
type operation struct {
	Name  string
	Query string
}

var operations = []operation{
	{"HTS and the coalition decision", `{ actor(id: "hts") { name aliases relations { type modality direction other { name } evidence { text quotes { exact } } } } }`},
	{"What attacks the thesis", `{ claim(id: "syria-anti-isis-gamble/thesis") { text attackedBy { text role quotes { exact } } supportedBy { text } links(direction: IN) { type kind from { text } } } }`},
	{"Paths from the SDF to the muhajirun", `{ paths(from: "sdf", to: "muhajirun", maxHops: 4) { length steps { from { name } to { name } relation { type modality quotes { exact } } } } }`},
	{"Argument tree of the thesis (depth 3)", `{ argumentTree(claim: "syria-anti-isis-gamble/thesis", depth: 3) { nodes { depth cycle claim { text } via { type kind } } } }`},
	{"Search", `{ search(query: "Hay'at Tahrir al-Sham") { kind score snippet } }`},
	{"Claims page with filters", `{ claims(first: 20, filter: {roles: [PREMISE], hedgings: [POSSIBLE]}) { totalCount nodes { text actors { actor { name } role } } } }`},
	{"Actors with relations (nested)", `{ actors(first: 50) { nodes { name claimCount relations { type other { name } evidence { text } } } } }`},
}
