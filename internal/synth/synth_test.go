package synth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/synth"
)

// small is the kind of corpus other packages' tests build.
var small = synth.Config{Scale: "custom", Seed: 1, Documents: 30, Actors: 40}

// MustWriteDir generates cfg into a fresh folder and returns the folder and
// its manifest.
func MustWriteDir(tb testing.TB, cfg synth.Config) (string, *synth.Manifest) {
	tb.Helper()
	dir := tb.TempDir()
	m, err := synth.WriteDir(context.Background(), dir, cfg, nil)
	if err != nil {
		tb.Fatalf("WriteDir: %v", err)
	}
	return dir, m
}

// MustReadCorpus reads and validates every map file under dir/docs, in
// path order, as `argmap load` would.
func MustReadCorpus(tb testing.TB, dir string) []*argmap.Map {
	tb.Helper()
	var paths []string
	err := filepath.WalkDir(filepath.Join(dir, "docs"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(paths)
	var maps []*argmap.Map
	for _, p := range paths {
		if !strings.HasSuffix(p, ".json") {
			tb.Fatalf("%s: not a .json map file", p)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("{")) || !json.Valid(b) {
			tb.Fatalf("%s: not a JSON object", p)
		}
		m, err := mapfile.ReadFile(p)
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		if err := m.Validate(); err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		if want := m.Document.ID + ".json"; filepath.Base(p) != want {
			tb.Errorf("%s holds document %s: want the file named %s", p, m.Document.ID, want)
		}
		maps = append(maps, m)
	}
	return maps
}

// expected counts, independently of the generator, what loading maps
// creates (docs/model.md): the figures a manifest must give.
func expected(maps []*argmap.Map) synth.Expected {
	actors := map[string]bool{}
	claims := 0
	rels := map[string]int64{}
	for _, rt := range argmap.RelTypes {
		rels[string(rt)] = 0
	}
	for _, m := range maps {
		claims += len(m.Claims)
		rels["FROM"] += int64(len(m.Claims))
		rels["NAMES"] += int64(len(m.Actors))
		for _, a := range m.Actors {
			actors[a.ID] = true
			rels["PART_OF"] += int64(len(a.PartOf))
		}
		for _, c := range m.Claims {
			rels["MENTIONS"] += int64(len(c.Mentions))
		}
		for _, l := range m.Links {
			rels[strings.ToUpper(string(l.Type))]++
		}
		for _, r := range m.Relations {
			rels[string(r.Type.RelType())]++
		}
	}
	e := synth.Expected{RelationshipsByType: rels,
		NodesByLabel: map[string]int64{"Document": int64(len(maps)), "Claim": int64(claims), "Actor": int64(len(actors))}}
	e.Nodes = int64(len(maps) + claims + len(actors))
	for _, n := range rels {
		e.Relationships += n
	}
	return e
}

func checkManifest(t *testing.T, dir string, m *synth.Manifest, maps []*argmap.Map) {
	t.Helper()
	want := expected(maps)
	got, err := json.Marshal(m.Expected)
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := json.Marshal(want); !bytes.Equal(got, w) {
		t.Errorf("manifest expects\n  %s\nloading the files creates\n  %s", got, w)
	}
	if m.Documents != len(maps) || m.Files != len(maps) || int64(m.Claims) != want.NodesByLabel["Claim"] || int64(m.Actors) != want.NodesByLabel["Actor"] {
		t.Errorf("manifest: %d documents, %d files, %d claims, %d actors; the files hold %d documents, %d claims, %d actors",
			m.Documents, m.Files, m.Claims, m.Actors, len(maps), want.NodesByLabel["Claim"], want.NodesByLabel["Actor"])
	}
	var size int64
	for _, m := range maps {
		// The map files are named after their document; the seed's is YAML.
		for _, ext := range []string{".json", ".yaml"} {
			if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(docPathOf(m)+ext))); err == nil {
				size += fi.Size()
			}
		}
	}
	if m.Bytes != size {
		t.Errorf("manifest gives %d bytes of map files; they hold %d", m.Bytes, size)
	}
	if m.Format != 1 || m.Generator != "argmap gen" {
		t.Errorf("manifest format %d, generator %q", m.Format, m.Generator)
	}
	b, err := os.ReadFile(filepath.Join(dir, synth.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var onDisk synth.Manifest
	if err := json.Unmarshal(b, &onDisk); err != nil {
		t.Fatal(err)
	}
	if a, _ := json.Marshal(onDisk); !bytes.Equal(a, mustJSON(t, m)) {
		t.Errorf("manifest.json differs from the returned manifest:\n%s", b)
	}
}

// docPathOf is where the map file of m is, without its
// extension: docs/NNNN/ID for generated documents, docs/ID for the seed.
func docPathOf(m *argmap.Map) string {
	var i int
	if _, err := fmt.Sscanf(m.Document.ID, "doc-%d", &i); err == nil {
		return fmt.Sprintf("docs/%04d/%s", (i-1)/1000, m.Document.ID)
	}
	return "docs/" + m.Document.ID
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteDirSmallCorpus(t *testing.T) {
	dir, man := MustWriteDir(t, small)
	maps := MustReadCorpus(t, dir)
	if len(maps) != small.Documents {
		t.Fatalf("%d map files, want %d", len(maps), small.Documents)
	}
	checkManifest(t, dir, man, maps)

	t.Run("actors are the same in every document, and their names distinct", func(t *testing.T) {
		defs := map[string]string{}
		owner := map[string]string{} // folded name or alias -> actor id
		for _, m := range maps {
			for _, a := range m.Actors {
				def := a.Name + "|" + string(a.Type) + "|" + strings.Join(a.Aliases, ",") + "|" + a.Description
				if prev, ok := defs[a.ID]; ok && prev != def {
					t.Errorf("actor %s: %q in one document, %q in %s", a.ID, prev, def, m.Document.ID)
				}
				defs[a.ID] = def
				for _, k := range a.Keys() {
					if o, ok := owner[k]; ok && o != a.ID {
						t.Errorf("%q names both %s and %s", k, o, a.ID)
					}
					owner[k] = a.ID
				}
			}
		}
	})

	t.Run("arguments are deep, cyclic and use every attack kind", func(t *testing.T) {
		kinds := map[argmap.AttackKind]int{}
		for _, m := range maps {
			for _, l := range m.Links {
				kinds[l.Kind]++
			}
			thesis := m.Document.ID + "/thesis"
			if m.Claims[0].ID != thesis || m.Claims[0].Role != argmap.RoleThesis {
				t.Errorf("%s: first claim %s (%s), want the thesis", m.Document.ID, m.Claims[0].ID, m.Claims[0].Role)
			}
			if !supportChain(m.Links, thesis, 3, map[string]bool{thesis: true}) {
				t.Errorf("%s: no chain of three supports ends at the thesis", m.Document.ID)
			}
			if !hasCycle(m.Links) {
				t.Errorf("%s: no cycle among its links", m.Document.ID)
			}
		}
		for _, k := range argmap.AttackKinds {
			if kinds[k] == 0 {
				t.Errorf("no %s in the corpus (attack kinds: %v)", k, kinds)
			}
		}
	})

	t.Run("dates spread over 2020-2025", func(t *testing.T) {
		years := map[int]bool{}
		for _, m := range maps {
			y := m.Document.Published.Year()
			if y < 2020 || y > 2025 {
				t.Errorf("%s: published %s", m.Document.ID, m.Document.Published.Format("2006-01-02"))
			}
			years[y] = true
		}
		if len(years) < 4 {
			t.Errorf("published in %d distinct years, want at least 4", len(years))
		}
	})

	t.Run("every claim is quoted and every actor mentioned where the text says so", func(t *testing.T) {
		// Validate has checked each offset; here, that the quotes say what
		// the map says: a mention's quote is a name or alias of its actor.
		for _, m := range maps {
			names := map[string][]string{}
			for _, a := range m.Actors {
				names[a.ID] = append([]string{a.Name}, a.Aliases...)
				for _, q := range a.Mentions {
					if !slices.Contains(names[a.ID], q.Exact) {
						t.Errorf("%s: actor %s mentioned as %q", m.Document.ID, a.ID, q.Exact)
					}
				}
			}
			for _, c := range m.Claims {
				for _, mn := range c.Mentions {
					if !slices.Contains(names[mn.ActorID], mn.Quote.Exact) {
						t.Errorf("%s: claim %s names %s as %q", m.Document.ID, c.ID, mn.ActorID, mn.Quote.Exact)
					}
					if q := c.Quotes[0]; mn.Quote.Start < q.Start || mn.Quote.End > q.End {
						t.Errorf("%s: claim %s: mention of %s at [%d,%d) outside the claim's quote [%d,%d)", m.Document.ID, c.ID, mn.ActorID, mn.Quote.Start, mn.Quote.End, q.Start, q.End)
					}
				}
			}
			for _, r := range m.Relations {
				if len(r.Evidence) == 0 || len(r.Quotes) == 0 || r.From == r.To {
					t.Errorf("%s: relation %s: %d evidence, %d quotes, %s -> %s", m.Document.ID, r.ID, len(r.Evidence), len(r.Quotes), r.From, r.To)
				}
			}
		}
	})
}

// The format promises that JSON is YAML: the files must read the same
// through the YAML parser, which a leading comment sends them to.
func TestFilesAreAlsoYAML(t *testing.T) {
	cfg := small
	cfg.Documents = 5
	err := synth.Generate(cfg, func(d synth.Document) error {
		viaJSON, err := mapfile.Read(d.JSON, nil)
		if err != nil {
			return err
		}
		viaYAML, err := mapfile.Read(append([]byte("# read as YAML\n"), d.JSON...), nil)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(viaJSON, viaYAML) {
			t.Errorf("%s reads differently as JSON and as YAML", d.ID)
		}
		return viaYAML.Validate()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// supportChain reports whether a chain of depth supports links, over
// distinct claims, ends at claim to.
func supportChain(links []argmap.Link, to string, depth int, on map[string]bool) bool {
	if depth == 0 {
		return true
	}
	for _, l := range links {
		if l.Type == argmap.LinkSupports && l.To == to && !on[l.From] {
			on[l.From] = true
			ok := supportChain(links, l.From, depth-1, on)
			delete(on, l.From)
			if ok {
				return true
			}
		}
	}
	return false
}

// hasCycle reports whether the links, as edges from claim to claim (an
// undercut to the conclusion it attacks the support of), form a cycle.
func hasCycle(links []argmap.Link) bool {
	next := map[string][]string{}
	for _, l := range links {
		next[l.From] = append(next[l.From], l.To)
	}
	state := map[string]int{} // 1: on the path, 2: done
	var visit func(string) bool
	visit = func(c string) bool {
		state[c] = 1
		for _, n := range next[c] {
			if state[n] == 1 || state[n] == 0 && visit(n) {
				return true
			}
		}
		state[c] = 2
		return false
	}
	for _, l := range links {
		if state[l.From] == 0 && visit(l.From) {
			return true
		}
	}
	return false
}

func TestWriteDirIsDeterministic(t *testing.T) {
	cfg := synth.Config{Seed: 7, Documents: 25, Actors: 30}
	a, _ := MustWriteDir(t, cfg)
	b, _ := MustWriteDir(t, cfg)
	fa, fb := readAll(t, a), readAll(t, b)
	if len(fa) != cfg.Documents+1 {
		t.Fatalf("%d files, want %d map files and the manifest", len(fa), cfg.Documents+1)
	}
	for name, content := range fa {
		if !bytes.Equal(content, fb[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	if len(fb) != len(fa) {
		t.Errorf("%d files, then %d", len(fa), len(fb))
	}

	cfg.Seed = 8
	c, _ := MustWriteDir(t, cfg)
	if fc := readAll(t, c); bytes.Equal(fc["docs/0000/doc-000001.json"], fa["docs/0000/doc-000001.json"]) {
		t.Error("seeds 7 and 8 give the same first document")
	}
}

// readAll returns every file under dir by slash-separated relative path.
func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestActorPopularityIsSkewed(t *testing.T) {
	cfg := synth.Config{Seed: 1, Documents: 400, Actors: 500}
	named := map[string]int{}
	err := synth.Generate(cfg, func(d synth.Document) error {
		for _, a := range d.Stats.Actors {
			named[a]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var counts []int
	for _, n := range named {
		counts = append(counts, n)
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	median := counts[len(counts)/2]
	t.Logf("documents naming the top actors: %v; the median actor: %d", counts[:10], median)
	if counts[0] < cfg.Documents*3/4 {
		t.Errorf("the most popular actor is named by %d of %d documents, want three quarters", counts[0], cfg.Documents)
	}
	if counts[0] < 20*median {
		t.Errorf("the most popular actor is named by %d documents, the median by %d: not skewed", counts[0], median)
	}
	for i, n := range counts[:5] {
		if n < cfg.Documents*2/5 {
			t.Errorf("actor number %d in popularity is named by %d of %d documents, want 40%%", i+1, n, cfg.Documents)
		}
	}
}

func TestSmallConfigsDegradeGracefully(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  synth.Config
	}{
		{"one actor", synth.Config{Documents: 4, Actors: 1}},
		{"two actors, many wanted", synth.Config{Documents: 4, Actors: 2, ActorsPerDocument: 40}},
		{"one claim wanted", synth.Config{Documents: 4, Actors: 50, ClaimsPerDocument: 1}},
		{"long documents", synth.Config{Documents: 2, Actors: 3, ClaimsPerDocument: 200}},
		{"one document", synth.Config{Documents: 1, Actors: 1000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, man := MustWriteDir(t, tc.cfg)
			maps := MustReadCorpus(t, dir)
			checkManifest(t, dir, man, maps)
			for _, m := range maps {
				if len(m.Claims) < synth.MinClaims || !hasCycle(m.Links) {
					t.Errorf("%s: %d claims, cycle %v", m.Document.ID, len(m.Claims), hasCycle(m.Links))
				}
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []synth.Config{{Documents: 0, Actors: 5}, {Documents: 5, Actors: 0}, {Documents: 5, Actors: 5, ClaimsPerDocument: -1}} {
		if _, err := synth.WriteDir(context.Background(), t.TempDir(), cfg, nil); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func TestWriteDirStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := synth.WriteDir(ctx, t.TempDir(), small, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestWriteDirReportsProgress(t *testing.T) {
	var calls [][2]int
	if _, err := synth.WriteDir(context.Background(), t.TempDir(), synth.Config{Documents: 3, Actors: 5}, func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}); err != nil {
		t.Fatal(err)
	}
	if want := [][2]int{{1, 3}, {2, 3}, {3, 3}}; !slices.Equal(calls, want) {
		t.Errorf("progress %v, want %v", calls, want)
	}
}

func TestScaleConfig(t *testing.T) {
	for _, tc := range []struct {
		scale             string
		documents, actors int
	}{{"M", 1000, 500}, {"m", 1000, 500}, {"L", 10000, 5000}} {
		cfg, err := synth.ScaleConfig(tc.scale, 3)
		if err != nil || cfg.Documents != tc.documents || cfg.Actors != tc.actors || cfg.Seed != 3 || cfg.ClaimsPerDocument != 20 {
			t.Errorf("ScaleConfig(%q) = %+v, %v", tc.scale, cfg, err)
		}
	}
	for _, s := range []string{"S", "XL", ""} {
		if _, err := synth.ScaleConfig(s, 1); err == nil {
			t.Errorf("ScaleConfig(%q): no error", s)
		}
	}
}

func TestCopySeed(t *testing.T) {
	dir := t.TempDir()
	man, err := synth.CopySeed(dir, "../../data/seed/syria-anti-isis-gamble.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapfile.ReadFile(filepath.Join(dir, "docs", "syria-anti-isis-gamble.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	checkManifest(t, dir, man, []*argmap.Map{m})
	// The figures docs/map-format.md gives for loading the seed.
	e := man.Expected
	if e.Nodes != 73 || e.Relationships != 237 || e.RelationshipsByType["PART_OF"] != 11 || e.RelationshipsByType["MENTIONS"] != 73 ||
		e.RelationshipsByType["SUPPORTS"] != 40 || e.RelationshipsByType["ATTACKS"] != 6 || e.RelationshipsByType["RISK_TO"] != 5 {
		t.Errorf("seed manifest expects %+v; docs/map-format.md says 73 nodes, 237 relationships", e)
	}
	if man.Scale != "S" || man.Files != 1 {
		t.Errorf("scale %q, %d files", man.Scale, man.Files)
	}
}

// BenchmarkGenerate measures generation alone, without the disk: one
// corpus of scale M per iteration.
func BenchmarkGenerate(b *testing.B) {
	cfg, err := synth.ScaleConfig("M", 1)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var size int64
		if err := synth.Generate(cfg, func(d synth.Document) error {
			size += int64(len(d.JSON))
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(size)
	}
}
