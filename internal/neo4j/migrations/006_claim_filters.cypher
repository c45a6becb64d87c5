// The claims list (DB.Claims in read.go) filters on role, modality and
// hedging and counts the matches. A range index is used only when the
// statement has a predicate on each of its properties, so the statement
// asks the properties the filter leaves open to exist (every claim has all
// three). These three indexes give every combination of the filters an
// index whose leading properties it fixes:
// role (+ modality, + hedging): claim_role_modality_hedging,
// modality (+ hedging): claim_modality_hedging,
// hedging, role + hedging: claim_hedging_role.
CREATE RANGE INDEX claim_role_modality_hedging IF NOT EXISTS FOR (c:Claim) ON (c.role, c.modality, c.hedging);
CREATE RANGE INDEX claim_modality_hedging IF NOT EXISTS FOR (c:Claim) ON (c.modality, c.hedging);
CREATE RANGE INDEX claim_hedging_role IF NOT EXISTS FOR (c:Claim) ON (c.hedging, c.role);
// Claims are listed in document order (publication date, document id): a
// scan of this index yields documents in that order, so a page walks the
// first documents only instead of sorting every match.
CREATE RANGE INDEX document_published_id IF NOT EXISTS FOR (d:Document) ON (d.published, d.id);
CALL db.awaitIndex('claim_role_modality_hedging', 20);
CALL db.awaitIndex('claim_modality_hedging', 20);
CALL db.awaitIndex('claim_hedging_role', 20);
CALL db.awaitIndex('document_published_id', 20);
