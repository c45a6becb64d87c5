// Package textsearch is the part of search that needs no database: it cuts
// a researcher's query and the texts found into words, scores hits and
// picks their snippets, and reduces actor names to transliteration keys so
// that "muhajireen" meets "Muhajirun".
//
// The store (internal/neo4j) asks its indexes with what Parse prepares and
// hands the rows back to Rank; see internal/neo4j/search.go for the indexes
// and the score tiers.
package textsearch
