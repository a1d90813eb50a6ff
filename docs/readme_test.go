package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/runfile"
	"github.com/conform-dev/conform/subject/mutants"
	"github.com/conform-dev/conform/sweep"
)

// TestTheREADMETableMatchesTheTree: every top-level folder of the repository is in the README's
// table of where things are, every path the table names exists, and every package under
// internal/ is named in its row: a newcomer reading the table finds every folder.
func TestTheREADMETableMatchesTheTree(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "| `") {
			rows = append(rows, line)
		}
	}
	if len(rows) == 0 {
		t.Fatal("README.md has no table of paths")
	}
	named := map[string]string{} // top-level folder -> its row
	path := regexp.MustCompile("`([a-z][a-z0-9/_.-]*)/`")
	for _, row := range rows {
		first := strings.SplitN(row, "|", 3)[1]
		for _, m := range path.FindAllStringSubmatch(first, -1) {
			if st, err := os.Stat(filepath.Join("..", m[1])); err != nil || !st.IsDir() {
				t.Errorf("the README names %s/, which is not a folder", m[1])
			}
			named[strings.SplitN(m[1], "/", 2)[0]] = row
		}
	}
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && e.Name() != "out" {
			if _, ok := named[e.Name()]; !ok {
				t.Errorf("folder %s/ is not in the README's table", e.Name())
			}
		}
	}
	internal, err := os.ReadDir("../internal")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range internal {
		if e.IsDir() && !strings.Contains(named["internal"], "`"+e.Name()+"`") {
			t.Errorf("internal/%s is not named in the README's internal/ row", e.Name())
		}
	}
}

// TestEveryTestTheDocsCiteExists: security.md and benchmarks.md name the test behind each
// promise; a renamed or removed test would leave a promise without one.
func TestEveryTestTheDocsCiteExists(t *testing.T) {
	defined := map[string]bool{}
	def := regexp.MustCompile(`(?m)^func ((?:Test|Benchmark|Fuzz)\w+)\(`)
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, m := range def.FindAllStringSubmatch(string(src), -1) {
			defined[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cited := regexp.MustCompile("`((?:Test|Benchmark|Fuzz)[A-Z]\\w+)")
	for _, doc := range []string{"security.md", "benchmarks.md", "quality.md"} {
		src, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range cited.FindAllStringSubmatch(string(src), -1) {
			if !defined[m[1]] {
				t.Errorf("%s cites %s, which no test file defines", doc, m[1])
			}
		}
	}
}

// TestTheREADMECountsTheVectors: the vector counts the README states are the tree's.
func TestTheREADMECountsTheVectors(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("`runs/` holds (\\d+) YAML files .*? \\((\\d+)\\), what its shell fragment must read \\((\\d+), `shell/`\\), the status an actor gets \\((\\d+), `access/`\\)").FindStringSubmatch(string(raw))
	if m == nil {
		t.Fatal("the README's fixtures row no longer states the vector counts as this test reads them")
	}
	count := func(dir string) int {
		files, err := filepath.Glob(filepath.Join("../fixtures/runs", dir, "*.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		return len(files)
	}
	all := count("*")
	shell, access := count("shell"), count("access")
	want := []int{all, all - shell - access, shell, access}
	for i, w := range want {
		if got := m[i+1]; got != strconv.Itoa(w) {
			t.Errorf("the README says %s where the tree has %d (%s)", got, w, []string{"vectors", "run vectors", "shell vectors", "access vectors"}[i])
		}
	}
	w := regexp.MustCompile("`writers/` holds (\\d+) writer scenarios").FindStringSubmatch(string(raw))
	writers, err := filepath.Glob("../fixtures/writers/*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if w == nil || w[1] != strconv.Itoa(len(writers)) {
		t.Errorf("the README's fixtures row should say `writers/` holds %d writer scenarios, got %v", len(writers), w)
	}
}

// TestTheStandardCitesReleasedVectors: every vector the written standard names exists (a
// `category/name` in backticks, category one of fixtures/runs/).
func TestTheStandardCitesReleasedVectors(t *testing.T) {
	raw, err := os.ReadFile("standards.md")
	if err != nil {
		t.Fatal(err)
	}
	ids, err := os.ReadFile("../fixtures/ids.txt")
	if err != nil {
		t.Fatal(err)
	}
	released := map[string]bool{}
	for _, l := range strings.Split(string(ids), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			released[f[0]] = true
		}
	}
	cats, err := os.ReadDir("../fixtures/runs")
	if err != nil {
		t.Fatal(err)
	}
	cited := 0
	for _, c := range cats {
		for _, m := range regexp.MustCompile("`("+c.Name()+"/[a-z0-9-]+)`").FindAllStringSubmatch(string(raw), -1) {
			cited++
			if !released[m[1]] {
				t.Errorf("docs/standards.md cites %s, which is no released vector", m[1])
			}
		}
	}
	if cited < 10 {
		t.Errorf("docs/standards.md cites %d vectors; this test reads them as `category/name`", cited)
	}
}

// TestTheDocsStateTheCodesNumbers: every number the docs state about the sweep's defaults is
// the code's: a changed default changes the docs in the same commit.
func TestTheDocsStateTheCodesNumbers(t *testing.T) {
	read := func(name string) string {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	words := map[int]string{1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
	protocolDoc := read("adapter-protocol.md")
	for _, want := range []string{
		fmt.Sprintf("default %d with `--impl`, %d in process", sweep.DefaultCases, sweep.InProcessCases),
		fmt.Sprintf("each of %s registries it makes up", words[sweep.RegistryCount]),
		fmt.Sprintf("%d cases each", sweep.RegistryCases),
		fmt.Sprintf("sweep of %d cases", sweep.DefaultCases),
	} {
		if !strings.Contains(protocolDoc, want) {
			t.Errorf("docs/adapter-protocol.md no longer says %q, as the code does", want)
		}
	}
	security := strings.Join(strings.Fields(read("security.md")), " ")
	for _, want := range []string{
		fmt.Sprintf("a line over %d MiB is one error", runfile.MaxLine>>20),
		fmt.Sprintf("in batches of %d lines or %d MiB", runfile.BatchRuns, runfile.BatchBytes>>20),
		fmt.Sprintf("read whole up to %d MiB", runfile.MaxDocument>>20),
		fmt.Sprintf("YAML input is capped at %d MiB", runfile.MaxDocument>>20),
		fmt.Sprintf("a hint fragment beyond %d KiB, a label beyond %d KiB", protocol.MaxFragment>>10, protocol.MaxLabel>>10),
	} {
		if !strings.Contains(security, want) {
			t.Errorf("docs/security.md no longer says %q, as the code does", want)
		}
	}
	adapter, err := os.ReadFile("../examples/adapters/python/adapter.py")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(adapter), "\n")
	for doc, want := range map[string]string{
		"adapter-protocol.md": fmt.Sprintf("in %d lines of standard-library Python", lines),
		"adapters.md":         fmt.Sprintf("Python example's %d lines", lines),
	} {
		if !strings.Contains(strings.Join(strings.Fields(read(doc)), " "), want) {
			t.Errorf("docs/%s no longer says %q, as examples/adapters/python/adapter.py is", doc, want)
		}
	}
	quality := strings.Join(strings.Fields(read("quality.md")), " ")
	if want := fmt.Sprintf("with %s registries it makes up", words[sweep.RegistryCount]); !strings.Contains(quality, want) {
		t.Errorf("docs/quality.md no longer says %q, as the code does", want)
	}
	if want := fmt.Sprintf("%d cases", sweep.RegistryCases); !strings.Contains(quality, want) {
		t.Errorf("docs/quality.md no longer says %q, as the code does", want)
	}
}

// TestTheQualityTableCountsTheTree: the counts docs/quality.md gives of the wrong and the
// correct implementations are those of the tree and of subject/mutants.
func TestTheQualityTableCountsTheTree(t *testing.T) {
	raw, err := os.ReadFile("quality.md")
	if err != nil {
		t.Fatal(err)
	}
	quality := string(raw)
	programs := func(dir string) int {
		files, err := filepath.Glob(filepath.Join("../testdata", dir, "*.py"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range files {
			// mutant.py is what the protocol mutants change; _path.py and the like are helpers
			if b := filepath.Base(f); b != "mutant.py" && !strings.HasPrefix(b, "_") {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		what string
		n    int
		says string
	}{
		{"protocol mutants", programs("mutants"), "%d of %d rejected by a plain run"},
		{"rendered mutants", programs("mutants/rendered"), "%d of %d pass when fragments are read from their markup"},
		{"in-process mutants", len(mutants.Readers()), "%d of %d rejected"},
		{"wrong writers", len(mutants.Writers()), "%d of %d rejected by the writer scenarios alone"},
		{"wrong writers", len(mutants.Writers()), "%d of %d by the writer sweep alone"},
		{"equivalents", programs("equivalents"), "%d of %d accepted"},
	} {
		if c.n == 0 {
			t.Errorf("found no %s", c.what)
		}
		if want := fmt.Sprintf(c.says, c.n, c.n); !strings.Contains(quality, want) {
			t.Errorf("docs/quality.md does not say %q: the tree has %d %s", want, c.n, c.what)
		}
	}
	var sweepOnly []string
	for _, name := range mutants.SweepOnly {
		sweepOnly = append(sweepOnly, "`"+name+"`")
	}
	if want := fmt.Sprintf("rejected; %s only by the sweep", strings.Join(sweepOnly, ", ")); !strings.Contains(quality, want) {
		t.Errorf("docs/quality.md does not say %q, as subject/mutants.SweepOnly does", want)
	}
}
