// Fuzzy actor lookups (DB.Search, the actors name filter): every actor keeps
// the transliteration keys of its folded names and aliases
// (textsearch.TranslitKey: "Muhajireen" and "Muhajirun" both give
// "mahajaran") in translitText, one key per line, each between spaces (see
// textsearch.TranslitText). A full-text index with the whitespace analyzer,
// whose terms are the words of the keys, serves Lucene's fuzzy queries:
// "mahajaran" for "Muhajireen", "mahajarn~1" for the misspelt "muhajirn".
CREATE FULLTEXT INDEX actor_translit IF NOT EXISTS FOR (a:Actor) ON EACH [a.translitText]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}};
// Actors written before this migration get their translitText once. The
// expression is cypherTranslitText (internal/neo4j/translit.go), put in
// place of the macro by migrationStatements.
MATCH (a:Actor) WHERE a.translitText IS NULL
SET a.translitText = {{translitText(a.keys)}};
CALL db.awaitIndex('actor_translit', 20);
