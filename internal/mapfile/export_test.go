package mapfile

import (
	"encoding/json"
	"reflect"
	"strings"

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
	var fj, fy File
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
	var fm File
	if err := decodeYAML(b, &fm); err != nil {
		return nil, err
	}
	if text != "" {
		fm.Document.Text, fm.Document.TextFile = text, ""
	}
	// Every key, as a generator that does not leave out empty values would
	// write it (File's json tags leave them out): absent ones as null or "".
	all := everyKey(reflect.ValueOf(fm))
	if indent {
		return json.MarshalIndent(all, "", "  ")
	}
	return json.Marshal(all)
}

// everyKey returns v with every struct turned into a map of all its JSON
// keys, ignoring omitempty.
func everyKey(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return everyKey(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = everyKey(v.Index(i))
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			out[name] = everyKey(v.Field(i))
		}
		return out
	}
	return v.Interface()
}
