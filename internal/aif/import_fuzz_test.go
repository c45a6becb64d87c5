package aif_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/argmap/argmap/internal/aif"
	"github.com/argmap/argmap/internal/argmap"
)

// FuzzImport checks that Import never panics, fails only with
// BAD_USER_INPUT, and that a map it returns survives Export and Import
// unchanged. The seed corpus is in testdata/fuzz/FuzzImport; TestFuzzCorpus
// checks it is current (rewrite it with go test -run TestFuzzCorpus
// ./internal/aif -args -update-corpus).
func FuzzImport(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := aif.Import(data)
		if err != nil {
			if code := argmap.ErrorCode(err); code != argmap.EINVALID {
				t.Fatalf("Import failed with code %s, want %s: %v", code, argmap.EINVALID, err)
			}
			return
		}
		out, err := aif.Export(m)
		if err != nil {
			t.Fatalf("Export of an imported map: %v", err)
		}
		again, err := aif.Import(out)
		if err != nil {
			t.Fatalf("Import of the export: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(again, m) {
			t.Fatalf("Import(Export(m)) differs from m:\n got  %+v\n want %+v", again, m)
		}
		if out2, err := aif.Export(again); err != nil || !bytes.Equal(out2, out) {
			t.Fatalf("the second export differs from the first (err %v)", err)
		}
	})
}
