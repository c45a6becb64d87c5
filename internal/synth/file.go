package synth

import "github.com/argmap/argmap/internal/argmap"

// The map file as JSON: the keys of docs/map-format.md, in its order.
// Offsets are always given, so no quote depends on being unique in the text.

type fileMap struct {
	Version   int            `json:"version"`
	Document  fileDocument   `json:"document"`
	Actors    []fileActor    `json:"actors"`
	Claims    []fileClaim    `json:"claims"`
	Links     []fileLink     `json:"links,omitempty"`
	Relations []fileRelation `json:"relations,omitempty"`
}

type fileDocument struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Language  string `json:"language"`
	Text      string `json:"text"`
}

type fileQuote struct {
	Exact string `json:"exact"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type fileActor struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Type        argmap.ActorType `json:"type"`
	Aliases     []string         `json:"aliases,omitempty"`
	PartOf      []string         `json:"partOf,omitempty"`
	Description string           `json:"description,omitempty"`
	Mentions    []fileQuote      `json:"mentions"`
}

type fileMention struct {
	Actor string             `json:"actor"`
	Role  argmap.MentionRole `json:"role"`
	Quote fileQuote          `json:"quote"`
}

type fileClaim struct {
	ID       string           `json:"id"`
	Text     string           `json:"text"`
	Role     argmap.ClaimRole `json:"role"`
	Modality argmap.Modality  `json:"modality"`
	Hedging  argmap.Hedging   `json:"hedging"`
	HedgeCue string           `json:"hedgeCue,omitempty"`
	Quotes   []fileQuote      `json:"quotes"`
	Actors   []fileMention    `json:"actors,omitempty"`
}

type fileLink struct {
	ID    string            `json:"id"`
	Type  argmap.LinkType   `json:"type"`
	From  string            `json:"from"`
	To    string            `json:"to"`
	Kind  argmap.AttackKind `json:"kind,omitempty"`
	Quote *fileQuote        `json:"quote,omitempty"`
}

type fileRelation struct {
	ID       string                  `json:"id"`
	Type     argmap.RelationType     `json:"type"`
	From     string                  `json:"from"`
	To       string                  `json:"to"`
	Modality argmap.RelationModality `json:"modality"`
	Evidence []string                `json:"evidence"`
	Quotes   []fileQuote             `json:"quotes"`
}
