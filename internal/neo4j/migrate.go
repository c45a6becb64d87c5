package neo4j

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

// migrations holds the schema statements applied at start-up. Every
// statement must be idempotent (IF NOT EXISTS): they all run at every start.
//
//go:embed migrations/*.cypher
var migrations embed.FS

type migration struct {
	name   string
	cypher string
}

// migrationMacros are put in place of their names in migration files:
// expressions that the store also builds in Go, kept in one place.
var migrationMacros = strings.NewReplacer("{{translitText(a.keys)}}", cypherTranslitText("coalesce(a.keys, [])"))

// migrationStatements returns the statements of every migration file, files
// in name order, statements in file order. Statements end with ";"; lines
// starting with "//" are comments.
func migrationStatements() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.cypher")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migration
	for _, name := range names {
		b, err := migrations.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var lines []string
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "//") {
				lines = append(lines, l)
			}
		}
		for _, s := range strings.Split(strings.Join(lines, "\n"), ";") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, migration{name: name, cypher: migrationMacros.Replace(s)})
			}
		}
	}
	return out, nil
}
