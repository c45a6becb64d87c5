package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/argmap/argmap/internal/argmap"
)

var _ argmap.EditService = (*DB)(nil)

const (
	cypherUpdateDocument = `
MATCH (d:Document {id: $id})
SET d += $set
RETURN properties(d) AS d`

	cypherUpdateClaim = `
MATCH (c:Claim {id: $id})
SET c += $set
RETURN ` + projClaim + ` AS c`

	// Deleting a claim takes its links and mentions (DETACH), the undercuts
	// aimed at its links, and its place in relations' evidence; a relation
	// left without evidence goes too, so nothing dangles.
	cypherDeleteClaim = `
MATCH (c:Claim {id: $id})
OPTIONAL MATCH (c)-[s:SUPPORTS]-()
WITH c, collect(s.id) AS links
CALL (links) {
  MATCH ()-[u:ATTACKS]->() WHERE u.targetLink IN links
  DELETE u
}
CALL (c) {
  MATCH ()-[r]->() WHERE r.evidence IS NOT NULL AND c.id IN r.evidence
  SET r.evidence = [e IN r.evidence WHERE e <> c.id]
  WITH r WHERE size(r.evidence) = 0
  DELETE r
}
DETACH DELETE c`

	cypherUpdateActor = `
MATCH (a:Actor {id: $id})
SET a += $set
RETURN a.id AS id`

	cypherClaimDocumentText = `
MATCH (c:Claim {id: $claim})-[:FROM]->(d:Document)
RETURN d.id AS doc, d.text AS text`

	cypherAddMention = `
MATCH (c:Claim {id: $claim}), (a:Actor {id: $actor})
MERGE (c)-[m:MENTIONS {role: $role, doc: $doc, q_start: $props.q_start}]->(a)
ON CREATE SET m = $props
WITH c, a
MATCH (d:Document {id: $doc})
MERGE (d)-[n:NAMES]->(a)
ON CREATE SET n.doc = $doc, n.aliases = [], n.keys = [], n.q_doc = $props.q_doc, n.q_start = $props.q_start,
  n.q_end = $props.q_end, n.q_exact = $props.q_exact, n.q_prefix = $props.q_prefix, n.q_suffix = $props.q_suffix`
)

// UpdateDocument implements argmap.EditService.
func (db *DB) UpdateDocument(ctx context.Context, id string, p argmap.DocumentPatch) (*argmap.Document, error) {
	set := map[string]any{}
	if p.Title != nil {
		if *p.Title == "" {
			return nil, argmap.FieldErrorf(argmap.EINVALID, "title", "A document needs a title.")
		}
		set["title"] = *p.Title
	}
	if p.Published != nil {
		set["published"] = dbtype.Date(*p.Published)
	}
	if p.Source != nil {
		set["source"] = *p.Source
	}
	if p.Language != nil {
		set["language"] = *p.Language
	}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Document, error) {
		recs, err := tx.run(ctx, cypherUpdateDocument, map[string]any{"id": id, "set": set})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, argmap.FieldErrorf(argmap.ENOTFOUND, "id", "There is no document %q.", id)
		}
		return documentFrom(recs[0].Values[0]), nil
	})
}

// UpdateClaim implements argmap.EditService.
func (db *DB) UpdateClaim(ctx context.Context, id string, p argmap.ClaimPatch) (*argmap.Claim, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	set := map[string]any{}
	if p.Text != nil {
		set["text"] = *p.Text
	}
	if p.Role != nil {
		set["role"] = string(*p.Role)
	}
	if p.Modality != nil {
		set["modality"] = string(*p.Modality)
	}
	if p.Hedging != nil {
		set["hedging"] = string(*p.Hedging)
	}
	if p.HedgeCue != nil {
		set["hedgeCue"] = *p.HedgeCue
	}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Claim, error) {
		recs, err := tx.run(ctx, cypherUpdateClaim, map[string]any{"id": id, "set": set})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, notFound(ctx, tx, "claim", "id", id)
		}
		return claimFrom(recs[0].Values[0]), nil
	})
}

// DeleteClaim implements argmap.EditService.
func (db *DB) DeleteClaim(ctx context.Context, id string) error {
	_, err := write(ctx, db, func(ctx context.Context, tx *txRunner) (struct{}, error) {
		recs, err := tx.run(ctx, `MATCH (c:Claim {id: $id}) RETURN count(c) AS n`, map[string]any{"id": id})
		if err != nil {
			return struct{}{}, err
		}
		if recs[0].Values[0].(int64) == 0 {
			return struct{}{}, notFound(ctx, tx, "claim", "id", id)
		}
		_, err = tx.run(ctx, cypherDeleteClaim, map[string]any{"id": id})
		return struct{}{}, err
	})
	return err
}

// UpdateActor implements argmap.EditService. Hand-given aliases are kept
// apart (manualAliases) so that re-importing a document, which recomputes
// the aliases documents contribute, keeps them.
func (db *DB) UpdateActor(ctx context.Context, id string, p argmap.ActorPatch) (*argmap.Actor, error) {
	in := argmap.ActorInput{ID: id, Name: "x", Type: argmap.ActorState, Aliases: p.Aliases}
	if p.Name != nil {
		in.Name = *p.Name
	}
	if p.Type != nil {
		in.Type = *p.Type
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	set := map[string]any{}
	if p.Name != nil {
		set["name"] = *p.Name
	}
	if p.Type != nil {
		set["type"] = string(*p.Type)
	}
	if p.Description != nil {
		set["description"] = *p.Description
	}
	if p.Aliases != nil {
		a := argmap.Actor{Aliases: p.Aliases}
		set["manualAliases"], set["manualKeys"] = p.Aliases, a.Keys()
	}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Actor, error) {
		recs, err := tx.run(ctx, cypherUpdateActor, map[string]any{"id": id, "set": set})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, notFound(ctx, tx, "actor", "id", id)
		}
		if _, err := tx.run(ctx, cypherActorAliases, map[string]any{"ids": []string{id}}); err != nil {
			return nil, err
		}
		actors, err := byIDsInTx(ctx, tx, cypherActorsByID, map[string]any{"ids": []string{id}}, actorFrom)
		if err != nil {
			return nil, err
		}
		return actors[0], nil
	})
}

// anchorIn anchors quotes in a document text and reports problems under
// item and the input field of quote i (quotesField("quotes") for a list,
// quoteField("quote") for a single quote).
func anchorIn(text, doc, item string, field func(i int) string, qs []argmap.Quote) ([]argmap.Quote, error) {
	t := argmap.NewText(text)
	var out []argmap.Quote
	var probs []argmap.Problem
	for i, q := range qs {
		anchored, ps := t.Anchor(q)
		for _, p := range ps {
			p.Item, p.Field = item, field(i)+"."+p.Field
			probs = append(probs, p)
		}
		anchored.DocumentID = doc
		out = append(out, anchored)
	}
	if len(probs) > 0 {
		return nil, &argmap.ValidationError{Subject: item, Problems: probs}
	}
	return out, nil
}

// quotesField names quote i of a list input field: quotes[0].
func quotesField(name string) func(int) string {
	return func(i int) string { return fmt.Sprintf("%s[%d]", name, i) }
}

// quoteField names a single-quote input field: quote.
func quoteField(name string) func(int) string { return func(int) string { return name } }

// AddMention implements argmap.EditService.
func (db *DB) AddMention(ctx context.Context, in argmap.MentionInput) (*argmap.Claim, error) {
	if in.Role == "" {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "role", "A mention needs a role.")
	}
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Claim, error) {
		recs, err := tx.run(ctx, cypherClaimDocumentText, map[string]any{"claim": in.ClaimID})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, notFound(ctx, tx, "claim", "claimId", in.ClaimID)
		}
		doc, text := recs[0].Values[0].(string), recs[0].Values[1].(string)
		actors, err := byIDsInTx(ctx, tx, cypherActorsByID, map[string]any{"ids": []string{in.ActorID}}, actorFrom)
		if err != nil {
			return nil, err
		}
		if actors[0] == nil {
			return nil, notFound(ctx, tx, "actor", "actorId", in.ActorID)
		}
		qs, err := anchorIn(text, doc, "mention", quoteField("quote"), []argmap.Quote{in.Quote})
		if err != nil {
			return nil, err
		}
		props := setQuotes(map[string]any{"doc": doc, "role": string(in.Role)}, qs)
		if _, err := tx.run(ctx, cypherAddMention, map[string]any{"claim": in.ClaimID, "actor": actors[0].ID, "role": string(in.Role), "doc": doc, "props": props}); err != nil {
			return nil, err
		}
		claims, err := byIDsInTx(ctx, tx, cypherClaimsByID, map[string]any{"ids": []string{in.ClaimID}}, claimFrom)
		if err != nil {
			return nil, err
		}
		return claims[0], nil
	})
}

// AddRelation implements argmap.EditService. The document comes to name
// both actors (if it did not), so that deleting or re-importing the
// document finds the relation.
func (db *DB) AddRelation(ctx context.Context, in argmap.RelationInput) (*argmap.Relation, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	id := in.DocumentID + "/" + in.ID
	return write(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.Relation, error) {
		recs, err := tx.run(ctx, cypherDocumentText, map[string]any{"doc": in.DocumentID})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, argmap.FieldErrorf(argmap.ENOTFOUND, "documentId", "There is no document %q.", in.DocumentID)
		}
		qs, err := anchorIn(recs[0].Values[0].(string), in.DocumentID, "relation "+in.ID, quotesField("quotes"), in.Quotes)
		if err != nil {
			return nil, err
		}
		actors, err := byIDsInTx(ctx, tx, cypherActorsByID, map[string]any{"ids": []string{in.From, in.To}}, actorFrom)
		if err != nil {
			return nil, err
		}
		for i, field := range []string{"from", "to"} {
			if actors[i] == nil {
				return nil, notFound(ctx, tx, "actor", field, []string{in.From, in.To}[i])
			}
		}
		claims, err := byIDsInTx(ctx, tx, cypherClaimsByID, map[string]any{"ids": in.Evidence}, claimFrom)
		if err != nil {
			return nil, err
		}
		for i, c := range claims {
			if c == nil {
				return nil, notFound(ctx, tx, "claim", fmt.Sprintf("evidence[%d]", i), in.Evidence[i])
			}
		}
		props := setQuotes(map[string]any{"id": id, "doc": in.DocumentID, "modality": string(in.Modality), "evidence": in.Evidence}, qs)
		cypher := fmt.Sprintf(`
MATCH (a:Actor {id: $from}), (b:Actor {id: $to}), (d:Document {id: $doc})
MERGE (a)-[r:%s {id: $props.id}]->(b)
ON CREATE SET r = $props
WITH r, a, b, d
FOREACH (x IN [a, b] |
  MERGE (d)-[n:NAMES]->(x)
  ON CREATE SET n.doc = $doc, n.aliases = [], n.keys = [], n.q_doc = $props.q_doc, n.q_start = $props.q_start,
    n.q_end = $props.q_end, n.q_exact = $props.q_exact, n.q_prefix = $props.q_prefix, n.q_suffix = $props.q_suffix)
RETURN `+projRel+` AS r`, in.Type.RelType())
		recs, err = tx.run(ctx, cypher, map[string]any{"from": actors[0].ID, "to": actors[1].ID, "doc": in.DocumentID, "props": props})
		if err != nil {
			return nil, err
		}
		rel, _ := relationFrom(recs[0].Values[0])
		if !equalProps(recs[0].Values[0].(map[string]any)["props"].(map[string]any), props) {
			return nil, conflict("relation", id)
		}
		return rel, nil
	})
}
