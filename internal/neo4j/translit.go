package neo4j

import (
	"strings"

	"github.com/argmap/argmap/internal/textsearch"
)

// cypherTranslitText returns a Cypher expression whose value is
// textsearch.TranslitText of the list of folded keys that the expression
// keys evaluates to. Actor.translitText is written from Cypher where the
// keys are computed in Cypher (cypherActorAliases, cypherBulkActors,
// migration 007) and from Go elsewhere; TestTranslitText_CypherAgreesWithGo
// holds the two to the same answers. Cypher has no regular expressions to
// replace with, so each step of textsearch.TranslitKey is a list
// comprehension: `[x IN [e] | f(x)][0]` binds e to x once.
func cypherTranslitText(keys string) string {
	t := "toString(k0)"
	for _, d := range textsearch.TranslitDigraphs {
		t = "replace(" + t + ", '" + d[0] + "', '" + d[1] + "')"
	}
	articles := "['" + strings.Join(textsearch.TranslitArticles, "', '") + "']"
	// Steps 2 and 3: vowels (y and w inside a word) become 'a', runs of a
	// letter one letter.
	letters := `reduce(s1 = '', i1 IN range(0, size(t1) - 1) | ` +
		`[c1 IN [CASE WHEN substring(t1, i1, 1) IN ['a', 'e', 'i', 'o', 'u'] ` +
		`OR (substring(t1, i1, 1) IN ['y', 'w'] AND i1 > 0 AND substring(t1, i1 - 1, 1) <> ' ') ` +
		`THEN 'a' ELSE substring(t1, i1, 1) END] | CASE WHEN s1 ENDS WITH c1 THEN s1 ELSE s1 + c1 END][0])`
	// Steps 4 and 5: a final "ah" loses its h; an article before another
	// word goes.
	words := `reduce(s2 = '', j2 IN range(0, size(w2) - 1) | ` +
		`[x2 IN [CASE WHEN w2[j2] ENDS WITH 'ah' THEN left(w2[j2], size(w2[j2]) - 1) ELSE w2[j2] END] | ` +
		`CASE WHEN j2 < size(w2) - 1 AND x2 IN ` + articles + ` THEN s2 WHEN s2 = '' THEN x2 ELSE s2 + ' ' + x2 END][0])`
	key := `[t1 IN [` + t + `] | [w2 IN [split(` + letters + `, ' ')] | ` + words + `][0]][0]`
	return `reduce(acc = '\n', tk IN [k0 IN ` + keys + ` | ` + key + `] | ` +
		`CASE WHEN tk = '' OR acc CONTAINS '\n ' + tk + ' \n' THEN acc ELSE acc + ' ' + tk + ' \n' END)`
}
