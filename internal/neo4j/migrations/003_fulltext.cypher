// Full-text indexes for DB.Search (internal/neo4j/search.go). A full-text
// index covers STRING and LIST<STRING> properties: each list element is
// analysed on its own and all its terms belong to the one property.
// The indexes are updated when a transaction commits (the default
// fulltext.eventually_consistent = false): a search right after an import
// sees it.
//
// Actors are indexed by `keys`, their folded names and aliases
// (argmap.FoldName: no case, no diacritics, no apostrophes, dashes as
// spaces), not by `name` and `aliases`: Search folds the query the same way,
// so "Hay'at Tahrir al-Sham", "Hay’at Tahrir al‐Sham" and "HAYAT TAHRIR" all
// meet the same terms. The analyzer is standard-no-stop-words: names are
// proper nouns, where stemming only does harm and a stop word is a real word
// ("IS" for the Islamic State, the "AND" of a party name).
CREATE FULLTEXT INDEX actor_search IF NOT EXISTS FOR (a:Actor) ON EACH [a.keys]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
// Claims and documents are English prose, searched with the english analyzer:
// it stems ("risks" finds "risk", "absorbed" finds "absorb"), drops the
// possessive ("Syria" finds "Syria’s" and "Syria's", "HTS" finds "HTS’s") and
// ignores stop words, so that a query of several words ranks by the words
// that carry meaning instead of matching every text that contains "the".
// Search keeps this analyzer's stop word list in Go (englishStopWords in
// internal/textsearch).
CREATE FULLTEXT INDEX claim_search IF NOT EXISTS FOR (c:Claim) ON EACH [c.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
CREATE FULLTEXT INDEX document_search IF NOT EXISTS FOR (d:Document) ON EACH [d.title, d.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
// A new full-text index is filled in the background and cannot be queried
// until it is online: wait for it, so that a migrated (ready) database can
// search. Waiting for an index that is already online returns at once. The
// wait stays under the default transaction timeout (30 s); if it runs out,
// Migrate fails and MigrateInBackground tries again.
CALL db.awaitIndex('actor_search', 20);
CALL db.awaitIndex('claim_search', 20);
CALL db.awaitIndex('document_search', 20);
