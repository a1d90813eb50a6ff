package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/conform-dev/conform/"

// The layers of conform, lowest first (README.md, "Layers", says the same in words). A package
// may import the packages of its own layer and of the layers below, never above. Each package
// is in exactly one layer; a new package fails TestLayers until it is given one.
var layers = []struct {
	name     string
	packages []string
}{
	// What everything may use: the rules, the data, and helpers that import nothing of conform.
	{"base", []string{"contract", "features", "fixtures", "fragment", "matrix", "docs", "internal/errline", "internal/jsonvalue",
		"internal/owner", "internal/procenv", "internal/python", "internal/reap", "internal/safefile", "internal/safetext",
		"internal/shard", "internal/shortlived", "store/internal/notfound"}},
	// Reading and writing what conform keeps: vectors, registries, runs given to resolve,
	// findings, records, known gaps, the audit; nothing that runs an implementation or a store.
	{"data", []string{"finding", "registry", "runfile", "fragment/render", "history", "vectors", "gaps", "record", "audit", "standards"}},
	// The reports of a finished suite run: rendering one needs no implementation, store or godog.
	{"reports", []string{"report"}},
	// Where runs live.
	{"stores", []string{"store", "store/memory", "store/postgres", "store/pgcontainer", "store/storetest", "store/pgtest", "scratch"}},
	// What is under test and how it is asked: the reference writers, the implementation, the
	// protocol's client and server, the sweep.
	{"subjects", []string{"jobs", "subject", "subject/mutants", "protocol", "sweep"}},
	// The executable standard: the steps and the suite that runs them.
	{"harness", []string{"steps", "suite"}},
	// Wiring only: the CLI.
	{"wiring", []string{"cmd/conform"}},
}

// only are packages held to a shorter list than their layer allows.
var only = map[string][]string{
	"contract": {}, // pure: the standard library only
}

// foreign are modules a layer must not link, by the lowest layer that may.
var foreign = map[string]string{
	"github.com/cucumber/godog":                "harness",
	"github.com/testcontainers/testcontainers": "stores",
	"github.com/jackc/pgx":                     "data", // the audit reads a live table
	"github.com/chromedp":                      "data", // fragment/render
}

// TestLayers: every package of the module is in one layer and imports nothing of a layer above
// its own; the modules that pull in a harness, a store or a browser are imported only from the
// layers that need them; and no package changes anything when it is loaded (no init).
func TestLayers(t *testing.T) {
	rank := map[string]int{}
	for i, l := range layers {
		for _, p := range l.packages {
			if _, dup := rank[p]; dup {
				t.Errorf("%s is in two layers", p)
			}
			rank[p] = i
		}
	}
	imports := map[string][]string{}
	eachGoFile(t, func(path, pkg string, f *ast.File) {
		if _, ok := imports[pkg]; !ok {
			imports[pkg] = nil
		}
		for _, imp := range f.Imports {
			imports[pkg] = append(imports[pkg], strings.Trim(imp.Path.Value, `"`))
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
				t.Errorf("%s has an init function: nothing changes when a package is loaded", path)
			}
		}
	})
	for pkg, imps := range imports {
		own, ok := rank[pkg]
		if !ok {
			t.Errorf("%s is in no layer: add it to the table of docs/layers_test.go (and README.md, \"Layers\")", pkg)
			continue
		}
		for _, imp := range imps {
			if local, ok := strings.CutPrefix(imp, module); ok {
				if allowed, limited := only[pkg]; limited && !slices.Contains(allowed, local) {
					t.Errorf("%s imports %s: it may import %v of conform", pkg, local, allowed)
				}
				if r, known := rank[local]; known && r > own {
					t.Errorf("%s (%s) imports %s (%s): an arrow up the layers", pkg, layers[own].name, local, layers[r].name)
				}
				continue
			}
			for prefix, lowest := range foreign {
				if strings.HasPrefix(imp, prefix) && own < layerIndex(lowest) {
					t.Errorf("%s (%s) imports %s: only the %s layer and above may", pkg, layers[own].name, imp, lowest)
				}
			}
		}
	}
	for p := range rank {
		if _, ok := imports[p]; !ok {
			t.Errorf("the layer table names %s, which is no package", p)
		}
	}
}

func layerIndex(name string) int {
	for i, l := range layers {
		if l.name == name {
			return i
		}
	}
	return len(layers)
}

// TestTheREADMENamesTheLayers: README.md's "Layers" section lists the layers in order, each with
// its packages, as the table above does.
func TestTheREADMENamesTheLayers(t *testing.T) {
	section := readmeSection(t, "Layers")
	at := 0
	for _, l := range layers {
		i := strings.Index(section[at:], "**"+l.name+"**")
		if i < 0 {
			t.Errorf("README.md's Layers does not name the %s layer after the one before it", l.name)
			continue
		}
		at += i
		line, _, _ := strings.Cut(section[at:], "\n")
		for _, p := range l.packages {
			if !strings.Contains(line, "`"+p+"`") {
				t.Errorf("README.md's Layers does not list %s in the %s layer", p, l.name)
			}
		}
	}
}

// TestTheGlossaryNamesTheCode: every `package.Name` (or `package.Type.Field`) the README's
// glossary gives as the code of a word is declared in that package, so a rename that forgets
// the glossary fails here.
func TestTheGlossaryNamesTheCode(t *testing.T) {
	section := readmeSection(t, "Glossary")
	declared := exportedNames(t)
	ref := regexp.MustCompile("`([a-z][a-z0-9]*)\\.([A-Z][A-Za-z0-9]*(?:\\.[A-Z][A-Za-z0-9]*)?)`")
	refs := ref.FindAllStringSubmatch(section, -1)
	if len(refs) < 10 {
		t.Fatalf("the glossary cites %d identifiers; a glossary of conform's words cites more", len(refs))
	}
	for _, m := range refs {
		pkgs, ok := declared[m[1]]
		if !ok {
			t.Errorf("the glossary cites %s.%s: there is no package %s", m[1], m[2], m[1])
			continue
		}
		if !pkgs[m[2]] {
			t.Errorf("the glossary cites %s.%s: package %s declares no %s", m[1], m[2], m[1], m[2])
		}
	}
}

// exportedNames maps each package name of the module to its exported declarations: top-level
// names, and Type.Field and Type.Method.
func exportedNames(t *testing.T) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	eachGoFile(t, func(_, _ string, f *ast.File) {
		names := out[f.Name.Name]
		if names == nil {
			names = map[string]bool{}
			out[f.Name.Name] = names
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
				} else if len(d.Recv.List) == 1 {
					typ := d.Recv.List[0].Type
					if s, ok := typ.(*ast.StarExpr); ok {
						typ = s.X
					}
					if id, ok := typ.(*ast.Ident); ok {
						names[id.Name+"."+d.Name.Name] = true
					}
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						names[s.Name.Name] = true
						if st, ok := s.Type.(*ast.StructType); ok {
							for _, field := range st.Fields.List {
								for _, n := range field.Names {
									names[s.Name.Name+"."+n.Name] = true
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names[n.Name] = true
						}
					}
				}
			}
		}
	})
	return out
}

// readmeSection is the text of README.md's "## title" section, up to the next one.
func readmeSection(t *testing.T, title string) string {
	t.Helper()
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "\n## "+title+"\n")
	if !ok {
		t.Fatalf("README.md has no \"## %s\" section", title)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}

// sameMeaning are the exported names that more than one package declares, each meaning one
// thing wherever it is declared. A name declared in a second package fails
// TestSharedNamesMeanOneThing until it is judged here, with why it is the same thing (or
// renamed, where it is not).
var sameMeaning = map[string]string{
	// the protocol's wire form of a contract type; the jobs' alias of one
	"Actor": "wire form", "Membership": "wire form", "Boundary": "alias", "OperationsSummary": "alias",
	// verbs of the same act on what their package holds
	"Compare": "verb", "Find": "verb", "Load": "verb", "New": "verb", "Open": "verb", "Parse": "verb",
	"Read": "verb", "Start": "verb", "Write": "verb", "Preflight": "verb", "Tests": "a TestMain's body",
	// the same noun of the glossary, as its package holds it
	"Builtin": "spec 272's registry", "Config": "a package's configuration", "Options": "a package's options",
	"DefaultFile": "the file read from the working directory", "Embedded": "what is embedded in conform",
	"Formats": "the --format values a command takes", "MaxBytes": "the cap on a file read",
	"Finding": "a root cause of failed checks", "Identity": "what ran, as its handshake named it",
	"Generator": "what draws runs from a seed", "Group": "like failures or rows folded into one",
	"Leftover": "what a dead run left", "Problem": "one failed check's problem", "Problems": "the problems of a failed check",
	"Properties": "the sweep's properties", "Replay": "what reruns one check", "Result": "the outcome of a run of the package",
	"Scenario": "a Gherkin scenario", "Store": "where runs live", "Sweep": "the differential sweep", "Vector": "a vector",
	"KindShell": "the shell question and the shell vector", "Text": "text as a reader gets it", "Line": "text on one line",
	// verdicts and statuses of a check or scenario
	"Passed": "verdict", "Failed": "verdict", "Known": "verdict", "Pending": "verdict",
}

// TestSharedNamesMeanOneThing: every exported name declared in two packages is in sameMeaning.
func TestSharedNamesMeanOneThing(t *testing.T) {
	byName := map[string][]string{}
	eachGoFile(t, func(_, pkg string, f *ast.File) {
		add := func(name string) {
			if ast.IsExported(name) && !slices.Contains(byName[name], pkg) {
				byName[name] = append(byName[name], pkg)
			}
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && pkg != "cmd/conform" {
					add(d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						add(s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							add(n.Name)
						}
					}
				}
			}
		}
	})
	for name, pkgs := range byName {
		if _, judged := sameMeaning[name]; len(pkgs) > 1 && !judged {
			slices.Sort(pkgs)
			t.Errorf("%s is declared in %s: if it means one thing in each, say so in sameMeaning; if not, rename one", name, strings.Join(pkgs, ", "))
		}
	}
}

// eachGoFile calls fn with every non-test Go file of the module (testdata, vendor and hidden
// folders left out), parsed, with its package's path relative to the module ("store/memory").
func eachGoFile(t *testing.T, fn func(path, pkg string, f *ast.File)) {
	t.Helper()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		fn(path, filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../"))), f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
