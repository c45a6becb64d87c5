package neo4j

// CypherTranslitText exports cypherTranslitText to the black-box tests.
var CypherTranslitText = cypherTranslitText

// CypherSearch exports cypherSearch to the benchmarks.
const CypherSearch = cypherSearch
