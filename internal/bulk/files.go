package bulk

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
)

// MapFiles expands the arguments of a load into map files: a directory
// stands for every *.json, *.yaml and *.yml file below it (manifest.json,
// the corpus description argmap gen writes, excepted), sorted by path; a
// file stands for itself. A path named twice is loaded once.
//
// Errors: BAD_USER_INPUT when an argument cannot be read or listed, or when
// the arguments hold no map file.
func MapFiles(args []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, argmap.Errorf(argmap.EINVALID, "cannot read %s: %v", arg, errors.Unwrap(err))
		}
		if !info.IsDir() {
			add(filepath.Clean(arg))
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || d.Name() == "manifest.json" {
				return nil
			}
			switch filepath.Ext(p) {
			case ".json", ".yaml", ".yml":
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, argmap.Errorf(argmap.EINVALID, "cannot list %s: %v", arg, err)
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	if len(files) == 0 {
		return nil, argmap.Errorf(argmap.EINVALID, "no map file (*.json, *.yaml, *.yml) in %s", strings.Join(args, ", "))
	}
	return files, nil
}

// readMap reads and validates one map file and returns its import
// fingerprint: the SHA-256 of the map file's bytes followed by the
// document text's SHA-256, so that an edit of either file (the text may
// live in its own file) changes it.
func readMap(path string) (*argmap.Map, string, error) {
	b, err := mapfile.ReadFileLimited(path, mapfile.MaxFileSize)
	if err != nil {
		return nil, "", err
	}
	m, err := mapfile.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	if err := m.Validate(); err != nil {
		return nil, "", err
	}
	h := sha256.New()
	h.Write(b)
	h.Write([]byte("\n" + m.Document.SHA256))
	return m, hex.EncodeToString(h.Sum(nil)), nil
}
