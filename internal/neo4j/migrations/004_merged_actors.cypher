// A merged actor's id keeps resolving: (:MergedActor {id})-[:MERGED_INTO]->(survivor).
CREATE CONSTRAINT merged_actor_id IF NOT EXISTS FOR (m:MergedActor) REQUIRE m.id IS UNIQUE;
