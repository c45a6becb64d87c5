package export_test

import (
	"bytes"
	"flag"
	"mime"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/export"
	"github.com/argmap/argmap/internal/mapfile"
)

const (
	seedPath = "../../data/seed/syria-anti-isis-gamble.yaml"
	seedDoc  = "syria-anti-isis-gamble"

	seedActors, seedRelations = 29, 35
	seedClaims, seedLinks     = 43, 46
)

// seed reads and validates the seed map; each call returns a fresh map.
func seed(tb testing.TB) *argmap.Map {
	tb.Helper()
	m, err := mapfile.ReadFile(seedPath)
	if err != nil {
		tb.Fatal(err)
	}
	if err := m.Validate(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// seedAs returns the seed map as if it were the map of document id: its
// claims, links and relations are requalified, its actors are the same.
func seedAs(tb testing.TB, id string) *argmap.Map {
	tb.Helper()
	m := seed(tb)
	re := func(s string) string {
		if s == "" {
			return ""
		}
		return id + "/" + strings.TrimPrefix(s, seedDoc+"/")
	}
	m.Document.ID = id
	for i := range m.Claims {
		c := &m.Claims[i]
		c.ID, c.DocumentID = re(c.ID), id
	}
	for i := range m.Links {
		l := &m.Links[i]
		l.ID, l.From, l.To, l.TargetLink, l.DocumentID = re(l.ID), re(l.From), re(l.To), re(l.TargetLink), id
	}
	for i := range m.Relations {
		r := &m.Relations[i]
		r.ID, r.DocumentID = re(r.ID), id
		for j := range r.Evidence {
			r.Evidence[j] = re(r.Evidence[j])
		}
	}
	return m
}

// exportAll runs every export on maps.
func exportAll(tb testing.TB, maps []*argmap.Map) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	var b bytes.Buffer
	if err := export.Argdown(&b, maps); err != nil {
		tb.Fatal(err)
	}
	out["argdown"] = bytes.Clone(b.Bytes())
	for _, layer := range []export.Layer{export.ActorNetwork, export.ArgumentGraph} {
		b.Reset()
		if err := export.GraphML(&b, maps, layer); err != nil {
			tb.Fatal(err)
		}
		out["graphml-"+layer.String()] = bytes.Clone(b.Bytes())
		var n, e bytes.Buffer
		if err := export.CSV(&n, &e, maps, layer); err != nil {
			tb.Fatal(err)
		}
		out["csv-nodes-"+layer.String()] = n.Bytes()
		out["csv-edges-"+layer.String()] = e.Bytes()
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a := exportAll(t, []*argmap.Map{seed(t), seedAs(t, "other-doc")})
	b := exportAll(t, []*argmap.Map{seedAs(t, "other-doc"), seed(t)})
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: the output depends on the order of the maps", name)
		}
	}
	c := exportAll(t, []*argmap.Map{seed(t), seedAs(t, "other-doc")})
	if !reflect.DeepEqual(a, c) {
		t.Error("two runs give different bytes")
	}
}

func TestDoesNotModifyMaps(t *testing.T) {
	m := seed(t)
	exportAll(t, []*argmap.Map{m, seedAs(t, "other-doc")})
	if !reflect.DeepEqual(m, seed(t)) {
		t.Error("an export modified its input map")
	}
}

func TestRejects(t *testing.T) {
	dangling := seed(t)
	dangling.Relations[0].To = "nobody"
	undercut := seed(t)
	for i, l := range undercut.Links {
		if l.Kind == argmap.AttackUndercut {
			undercut.Links[i].TargetLink = seedDoc + "/thesis"
		}
	}
	for name, maps := range map[string][]*argmap.Map{
		"same document twice":     {seed(t), seed(t)},
		"nil map":                 {nil},
		"relation to no actor":    {dangling},
		"undercut of no supports": {undercut},
	} {
		err := export.Argdown(&bytes.Buffer{}, maps)
		if code := argmap.ErrorCode(err); code != argmap.EINVALID {
			t.Errorf("%s: error %v, want code %s", name, err, argmap.EINVALID)
		}
		err = export.GraphML(&bytes.Buffer{}, maps, export.ActorNetwork)
		if code := argmap.ErrorCode(err); code != argmap.EINVALID {
			t.Errorf("%s: GraphML error %v, want code %s", name, err, argmap.EINVALID)
		}
	}
	if err := export.GraphML(&bytes.Buffer{}, []*argmap.Map{seed(t)}, export.Layer(7)); argmap.ErrorCode(err) != argmap.EINVALID {
		t.Errorf("unknown layer: %v", err)
	}
}

func TestEmpty(t *testing.T) {
	out := exportAll(t, nil)
	if !bytes.Contains(out["argdown"], []byte("===")) || !bytes.Contains(out["graphml-actors"], []byte("<graph ")) {
		t.Errorf("an export of no map is not a valid empty document:\n%s\n%s", out["argdown"], out["graphml-actors"])
	}
}

func TestLayer(t *testing.T) {
	for _, l := range []export.Layer{export.ActorNetwork, export.ArgumentGraph} {
		got, err := export.ParseLayer(l.String())
		if err != nil || got != l {
			t.Errorf("ParseLayer(%q) = %v, %v", l.String(), got, err)
		}
	}
	if _, err := export.ParseLayer("claims"); argmap.ErrorCode(err) != argmap.EINVALID {
		t.Errorf("ParseLayer(claims): %v", err)
	}
}

func TestFormats(t *testing.T) {
	for _, name := range []string{"argdown", "graphml", "csv"} {
		f, ok := export.Formats[name]
		if !ok {
			t.Fatalf("no format %s", name)
		}
		if f.Name != name || !strings.HasPrefix(f.Ext, ".") {
			t.Errorf("%s: %+v", name, f)
		}
		if _, _, err := mime.ParseMediaType(f.ContentType); err != nil {
			t.Errorf("%s: content type %q: %v", name, f.ContentType, err)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden compares the Argdown export and the ArgumentGraph CSV tables
// of the seed (seed-*), of the seed with markup in its texts (escapes-*)
// and of the seed with a copy of itself (two-*) with the committed files in
// testdata/golden: a change to the exports or to the seed fails until they
// are rewritten with -update (go test ./internal/export -args -update).
// testdata/check-argdown.js checks the committed files with the Argdown
// parser, which the Go tests cannot run.
func TestGolden(t *testing.T) {
	ext := map[string]string{"argdown": ".argdown", "csv": ".csv"}
	dir := filepath.Join("testdata", "golden")
	for prefix, maps := range map[string][]*argmap.Map{
		"seed-":    {seed(t)},
		"escapes-": {nastySeed(t)},
		"two-":     {seed(t), seedAs(t, "b-doc")},
	} {
		for name, want := range exportAll(t, maps) {
			if name != "argdown" && !(strings.HasPrefix(name, "csv-") && strings.HasSuffix(name, "-"+export.ArgumentGraph.String())) {
				continue
			}
			path := filepath.Join(dir, prefix+name+ext[strings.SplitN(name, "-", 2)[0]])
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%v (write the golden files with -update)", err)
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is stale: the export differs from it at byte %d (rewrite the golden files with -update and review the diff)", path, firstDiff(got, want))
			}
		}
	}
}

// firstDiff is the offset of the first byte where a and b differ.
func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}
