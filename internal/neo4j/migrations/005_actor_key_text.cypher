// Alias lookups (the actors name filter) match a fragment of an actor's
// folded keys. Neo4j indexes no list elements, so the keys are also kept as
// one string, keyText (see keyText in convert.go), which a TEXT index serves
// for CONTAINS: an index scan instead of a scan of every actor.
CREATE TEXT INDEX actor_key_text IF NOT EXISTS FOR (a:Actor) ON (a.keyText);
// Actors written before this migration get their keyText once.
MATCH (a:Actor) WHERE a.keyText IS NULL
SET a.keyText = reduce(s = '\n', k IN coalesce(a.keys, []) | s + k + '\n');
CALL db.awaitIndex('actor_key_text', 20);
