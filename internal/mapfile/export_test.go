package mapfile

import (
	"encoding/json"

	"github.com/argmap/argmap/internal/argmap"
)

// IsJSON reports whether Read reads b (without a byte-order mark) as JSON.
func IsJSON(b []byte) bool { return isJSON(b) }

// ReadJSON and ReadYAML read b as JSON or as YAML, whatever it starts with.
func ReadJSON(b []byte, readText func(string) ([]byte, error)) (*argmap.Map, error) {
	return readJSON(b, readText)
}

func ReadYAML(b []byte, readText func(string) ([]byte, error)) (*argmap.Map, error) {
	return readYAML(b, readText)
}

// DecodeBoth decodes b with the JSON decoder and, when that succeeds, with
// the YAML decoder; it returns both decoded files for comparison.
func DecodeBoth(b []byte) (fromJSON, fromYAML any, jsonErr, yamlErr error) {
	var fj, fy fileMap
	if jsonErr = decodeJSON(b, &fj); jsonErr != nil {
		return nil, nil, jsonErr, nil
	}
	yamlErr = decodeYAML(b, &fy)
	return fj, fy, nil, yamlErr
}

// YAMLToJSON converts a YAML map file to JSON the way a generator would
// write it: decoded into the file structs and marshalled by encoding/json.
// With text non-empty, the text goes inline instead of textFile.
func YAMLToJSON(b []byte, text string, indent bool) ([]byte, error) {
	var fm fileMap
	if err := decodeYAML(b, &fm); err != nil {
		return nil, err
	}
	if text != "" {
		fm.Document.Text, fm.Document.TextFile = text, ""
	}
	if indent {
		return json.MarshalIndent(fm, "", "  ")
	}
	return json.Marshal(fm)
}
