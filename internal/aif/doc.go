// Package aif converts argument maps to and from the Argument Interchange
// Format (AIF), in the JSON of AIFdb (arg-tech's argument database), which
// OVA and the xAIF tools also read.
//
// # What Export writes
//
// One JSON object:
//
//	{
//	  "nodes":        [{"nodeID", "text", "type", "timestamp"}, …],
//	  "edges":        [{"edgeID", "fromID", "toID", "formEdgeID": null}, …],
//	  "locutions":    [{"nodeID", "personID", "timestamp"}, …],
//	  "participants": [{"participantID": "author", "firstname": "Author", "surname": ""}],
//	  "text":         "the document text",
//	  "argmap":       {the extension, below}
//	}
//
// The argument graph, following docs/model.md:
//
//   - each claim is an I-node "I:<claim id>" whose text is the claim's text;
//   - each supports link is an RA-node "RA:<link id>" (text "Default
//     Inference") with edges premise I → RA → conclusion I;
//   - each attacks link is a CA-node "CA:<link id>" (text "Default
//     Conflict"): attacker I → CA → attacked I for a rebut or an undermine,
//     attacker I → CA → the RA-node of the target supports link for an
//     undercut;
//   - each quote j of a claim is a locution, an L-node "L:<claim id>:<j>"
//     whose text is the quoted words, anchored in the claim's I-node by an
//     illocution, a YA-node "YA:<claim id>:<j>" ("Default Illocuting"), with
//     edges L → YA → I; every locution is the document's author's.
//
// Claim and link ids are the map's qualified ids (document/local), so node
// ids are stable across exports. An edge's id is "<fromID>-><toID>". Nodes,
// edges and locutions are sorted by id, and timestamps are the document's
// publication date, so the same map always gives the same bytes.
//
// # The argmap extension
//
// AIF has no place for what Argmap knows besides the graph: document
// metadata, actors and their mentions, actor relations, a claim's role,
// modality, hedging and quotes with their offsets, link ids, connective
// quotes and attack kinds. They travel in the top-level "argmap" object,
// which AIF tools ignore, and the document text in the top-level "text"
// string (where xAIF keeps the text):
//
//	"argmap": {
//	  "version": 1,
//	  "document":  {"id", "title", "published": "2025-11-25", "source", "language", "sha256"},
//	  "actors":    [{"id", "name", "type", "aliases", "description", "partOf", "mentions": [quote…]}, …],
//	  "claims":    [{"nodeID": "I:…", "id", "role", "modality", "hedging", "hedgeCue",
//	                 "quotes": [quote…], "mentions": [{"actor", "role", "quote"}, …]}, …],
//	  "links":     [{"nodeID": "RA:…" or "CA:…", "id", "kind", "quote"}, …],
//	  "relations": [{"id", "type", "from", "to", "modality", "evidence", "quotes": [quote…]}, …]
//	}
//
// where a quote is {"exact", "prefix", "suffix", "start", "end"} (offsets in
// code points, as in the map). Claims, links and relations are in map order;
// each claim and link entry names its AIF node by "nodeID". A claim's text is
// its I-node's text; a link's type, from and to (and an undercut's target
// link) are read from the graph's edges. "sha256", when given, must be the
// SHA-256 of "text". "published" is an ISO date (an RFC 3339 time when the
// date has a time of day); times are exchanged in UTC. A nil list is written
// null and an empty one [], so that Import(Export(m)) deep-equals m for a
// valid m.
//
// # What Import reads
//
// AIFdb JSON (nodes, edges and locutions at the top level) or xAIF (the
// same under "AIF"). Node and edge ids may be strings or integers. Nodes of
// types L, YA, TA, MA and PA, and the edges to and from them, are ignored
// and counted in the Report; a node of any other type is an error when an
// edge links it to an I, RA or CA node, else ignored too.
//
// With the argmap extension, every I-node must have a claim entry and every
// RA and CA node a link entry with exactly one premise or attacker; the map
// is rebuilt exactly.
//
// Without it, Import builds a best-effort map:
//
//   - the document's id is "aif-" and 12 hex digits of the input's SHA-256,
//     its title "AIF import <id>", its publication date the earliest date
//     among the node timestamps (1970-01-01 when there is none);
//   - each I-node becomes a claim "i-<nodeID>" (unusable characters
//     replaced by "_", ".2", ".3", … added on a clash) with role premise,
//     modality assertion and hedging none;
//   - the document text is the input's "text" (a string, or xAIF's
//     {"txt": …}) when every I-node's text occurs in it: each claim then
//     quotes the first occurrence of its text. Otherwise the text is the
//     I-node texts in node order, separated by newlines, and each claim
//     quotes its own line;
//   - each RA-node becomes one supports link "ra-<nodeID>" per premise
//     (suffixed -1, -2, … when it has several);
//   - each CA-node becomes one attack "ca-<nodeID>" per attacker: a rebut
//     when it attacks an I-node, an undercut of each supports link of the
//     RA-node it attacks otherwise.
//
// Either way the map is validated (argmap.Map.Validate) before it is
// returned.
//
// # Hostile input
//
// Import rejects, with a BAD_USER_INPUT error whose field and message name
// the JSON path at fault (e.g. "nodes[3].type"): input over MaxInputBytes,
// invalid UTF-8 and unpaired UTF-16 surrogate escapes (which encoding/json
// would silently replace), invalid JSON and trailing data (the grammar is
// checked by go-json-experiment's jsontext), nesting deeper than MaxDepth,
// arrays or objects with more than MaxItems entries, strings over
// MaxStringChars (the document text may have argmap.MaxTextLength),
// duplicate object members, values of the wrong type, missing or duplicate
// node and edge ids, edges and locutions naming unknown nodes, self-loops,
// repeated edges, edges AIF argument structure has no meaning for (I→I,
// RA→RA, RA→CA, CA→CA), RA nodes without premise or with other than one
// conclusion, CA nodes without attacker or with other than one target, and
// unknown members of the extension.
package aif
