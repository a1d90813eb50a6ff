package matrix

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
	"gopkg.in/yaml.v3"
)

// Requirement is one ID of the spec. A requirement that states several things lists them as
// clauses; it is covered only when every clause is covered or declared not executable, and a
// scenario covers a clause by its tag (@FR-012.d), never the requirement by its bare ID.
type Requirement struct {
	ID         string   `yaml:"id" json:"id"`
	Text       string   `yaml:"text" json:"text"`
	Executable *bool    `yaml:"executable,omitempty" json:"-"`
	Reason     string   `yaml:"reason,omitempty" json:"reason,omitempty"`
	Clauses    []Clause `yaml:"clauses,omitempty" json:"-"`
}

// Clause is one thing a requirement states.
type Clause struct {
	ID         string `yaml:"id" json:"id"` // "a", "b" ...: the tag is the requirement's ID, a dot and this
	Text       string `yaml:"text" json:"text"`
	Executable *bool  `yaml:"executable,omitempty" json:"-"`
	Reason     string `yaml:"reason,omitempty" json:"reason,omitempty"`
}

// Runs reports whether the requirement can be executed here.
func (r Requirement) Runs() bool { return r.Executable == nil || *r.Executable }

// Runs reports whether the clause can be executed here.
func (c Clause) Runs() bool { return c.Executable == nil || *c.Executable }

// Catalogue is the requirements file: the IDs and the tags that are not requirement IDs.
type Catalogue struct {
	Tags         []string      `yaml:"tags"`
	Requirements []Requirement `yaml:"requirements"`
}

// ParseCatalogue decodes the requirements file strictly.
func ParseCatalogue(name string, data []byte) (Catalogue, error) {
	var c Catalogue
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return Catalogue{}, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	seen := map[string]bool{}
	for i, r := range c.Requirements {
		switch {
		case r.ID == "" || r.Text == "":
			return Catalogue{}, fmt.Errorf("%s: requirement %d needs an id and a text", name, i+1)
		case seen[r.ID]:
			return Catalogue{}, fmt.Errorf("%s: requirement %s is listed twice", name, r.ID)
		case !r.Runs() && r.Reason == "":
			return Catalogue{}, fmt.Errorf("%s: requirement %s is not executable but gives no reason", name, r.ID)
		case len(r.Clauses) > 0 && r.Executable != nil:
			return Catalogue{}, fmt.Errorf("%s: requirement %s has clauses: say of each clause whether it is executable", name, r.ID)
		}
		seen[r.ID] = true
		for _, c := range r.Clauses {
			id := r.ID + "." + c.ID
			switch {
			case c.ID == "" || c.Text == "":
				return Catalogue{}, fmt.Errorf("%s: a clause of %s needs an id and a text", name, r.ID)
			case seen[id]:
				return Catalogue{}, fmt.Errorf("%s: clause %s is listed twice", name, id)
			case !c.Runs() && c.Reason == "":
				return Catalogue{}, fmt.Errorf("%s: clause %s is not executable but gives no reason", name, id)
			}
			seen[id] = true
		}
	}
	if len(c.Requirements) == 0 {
		return Catalogue{}, fmt.Errorf("%s: no requirements", name)
	}
	return c, nil
}

// Scenario is one scenario (an outline counts once) and its tags.
type Scenario struct {
	File string   `json:"file"`
	Line int64    `json:"line"`
	Name string   `json:"name"`
	Tags []string `json:"tags"`
	// Steps are the texts of its steps (of its first example); Writes is set when one of them
	// asks the implementation's writers to run (LoadWith).
	Steps  []string `json:"-"`
	Writes bool     `json:"writes,omitempty"`
}

// String is "file:line name", marked when the scenario drives the implementation's writers.
func (s Scenario) String() string {
	if s.Writes {
		return fmt.Sprintf("%s:%d %s [drives the writers]", s.File, s.Line, s.Name)
	}
	return fmt.Sprintf("%s:%d %s", s.File, s.Line, s.Name)
}

// Scenarios parses every *.feature of fsys and returns its scenarios with their inherited
// tags (feature, rule, scenario and examples tags), in file and line order.
func Scenarios(fsys fs.FS) ([]Scenario, error) {
	files, err := fs.Glob(fsys, "*.feature")
	if err != nil {
		return nil, err
	}
	sub, _ := fs.Glob(fsys, "*/*.feature")
	files = append(files, sub...)
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.feature files")
	}
	sort.Strings(files)
	var out []Scenario
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if doc.Feature == nil {
			continue
		}
		nodes := map[string]*messages.Scenario{}
		collect(doc.Feature.Children, nodes)
		byScenario := map[string]*Scenario{}
		for _, p := range gherkin.Pickles(*doc, path.Base(f), ids.NewId) {
			sc := nodes[p.AstNodeIds[0]]
			if sc == nil {
				continue
			}
			s := byScenario[sc.Id]
			if s == nil {
				s = &Scenario{File: f, Line: sc.Location.Line, Name: sc.Name}
				for _, st := range p.Steps {
					s.Steps = append(s.Steps, st.Text)
				}
				byScenario[sc.Id] = s
			}
			for _, t := range p.Tags {
				name := strings.TrimPrefix(t.Name, "@")
				if !slices.Contains(s.Tags, name) {
					s.Tags = append(s.Tags, name)
				}
			}
		}
		var these []Scenario
		for _, s := range byScenario {
			sort.Strings(s.Tags)
			these = append(these, *s)
		}
		sort.Slice(these, func(i, j int) bool { return these[i].Line < these[j].Line })
		out = append(out, these...)
	}
	return out, nil
}

// CheckIDs names every scenario of fsys as a check, stably across edits that do not touch it:
// "file.feature: name", and for the rows of an outline whose name several rows share,
// "file.feature: name [cell, cell]" with the row's values. The map's key is ScenarioKey of
// the scenario as it runs.
func CheckIDs(fsys fs.FS) (map[string]string, error) {
	files, err := fs.Glob(fsys, "*.feature")
	if err != nil {
		return nil, err
	}
	sub, _ := fs.Glob(fsys, "*/*.feature")
	files = append(files, sub...)
	out := map[string]string{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if doc.Feature == nil {
			continue
		}
		rows := map[string][]string{}
		collectRows(doc.Feature.Children, rows)
		pickles := gherkin.Pickles(*doc, f, ids.NewId)
		names := map[string]int{}
		for _, p := range pickles {
			names[p.Name]++
		}
		for _, p := range pickles {
			id := f + ": " + p.Name
			if names[p.Name] > 1 && len(p.AstNodeIds) > 1 {
				id += " [" + strings.Join(rows[p.AstNodeIds[1]], ", ") + "]"
			}
			var texts []string
			for _, st := range p.Steps {
				texts = append(texts, st.Text)
			}
			out[ScenarioKey(f, p.Name, texts)] = id
		}
	}
	return out, nil
}

// ScenarioKey identifies a scenario as it runs: its file, its name and its steps' text.
func ScenarioKey(uri, name string, steps []string) string {
	return uri + "\x00" + name + "\x00" + strings.Join(steps, "\x00")
}

// collectRows maps each examples row of the features to its cells.
func collectRows(children []*messages.FeatureChild, into map[string][]string) {
	for _, c := range children {
		if c.Scenario != nil {
			for _, ex := range c.Scenario.Examples {
				for _, row := range ex.TableBody {
					var cells []string
					for _, cell := range row.Cells {
						cells = append(cells, cell.Value)
					}
					into[row.Id] = cells
				}
			}
		}
		if c.Rule != nil {
			for _, rc := range c.Rule.Children {
				collectRows([]*messages.FeatureChild{{Scenario: rc.Scenario}}, into)
			}
		}
	}
}

func collect(children []*messages.FeatureChild, into map[string]*messages.Scenario) {
	for _, c := range children {
		if c.Scenario != nil {
			into[c.Scenario.Id] = c.Scenario
		}
		if c.Rule != nil {
			for _, rc := range c.Rule.Children {
				if rc.Scenario != nil {
					into[rc.Scenario.Id] = rc.Scenario
				}
			}
		}
	}
}

// Row is one requirement and what covers it: every scenario that covers one of its clauses.
type Row struct {
	Requirement
	Executable bool        `json:"executable"`
	Scenarios  []string    `json:"scenarios"`
	Clauses    []ClauseRow `json:"clauses,omitempty"`
	// Covered: every executable clause (or the requirement, without clauses) has a scenario.
	Covered bool `json:"covered"`
}

// ClauseRow is one clause and the scenarios that cover it.
type ClauseRow struct {
	Clause
	ID         string   `json:"id"` // the whole ID, FR-012.d
	Executable bool     `json:"executable"`
	Scenarios  []string `json:"scenarios"`
}

// Matrix is the whole traceability matrix.
type Matrix struct {
	Rows        []Row    `json:"requirements"`
	Uncovered   []string `json:"uncovered"`
	UnknownTags []string `json:"unknown_tags"` // "tag (file:line name)"
	Untagged    []string `json:"untagged"`     // scenarios that cover no requirement
}

// OK reports whether every executable requirement is covered and every tag is known.
func (m Matrix) OK() bool {
	return len(m.Uncovered) == 0 && len(m.UnknownTags) == 0 && len(m.Untagged) == 0
}

// Build computes the matrix.
func Build(c Catalogue, scenarios []Scenario) Matrix {
	known := map[string]bool{}    // tags that cover something
	clauseOf := map[string]bool{} // requirement IDs that have clauses
	for _, r := range c.Requirements {
		if len(r.Clauses) == 0 {
			known[r.ID] = true
		} else {
			clauseOf[r.ID] = true
		}
		for _, cl := range r.Clauses {
			known[r.ID+"."+cl.ID] = true
		}
	}
	covering := map[string][]string{}
	var m Matrix
	for _, s := range scenarios {
		ids := 0
		for _, t := range s.Tags {
			switch {
			case known[t]:
				covering[t] = append(covering[t], s.String())
				ids++
			case clauseOf[t]:
				m.UnknownTags = append(m.UnknownTags, fmt.Sprintf("@%s (%s): the requirement has clauses, tag the one the scenario covers", t, s))
			case !slices.Contains(c.Tags, t):
				m.UnknownTags = append(m.UnknownTags, fmt.Sprintf("@%s (%s)", t, s))
			}
		}
		if ids == 0 {
			m.Untagged = append(m.Untagged, s.String())
		}
	}
	for _, r := range c.Requirements {
		row := Row{Requirement: r, Executable: r.Runs(), Scenarios: []string{}}
		if len(r.Clauses) == 0 {
			row.Scenarios = append(row.Scenarios, covering[r.ID]...)
			row.Covered = !r.Runs() || len(row.Scenarios) > 0
			if !row.Covered {
				m.Uncovered = append(m.Uncovered, r.ID)
			}
			m.Rows = append(m.Rows, row)
			continue
		}
		row.Covered, row.Executable = true, false
		for _, cl := range r.Clauses {
			id := r.ID + "." + cl.ID
			cr := ClauseRow{Clause: cl, ID: id, Executable: cl.Runs(), Scenarios: append([]string{}, covering[id]...)}
			row.Clauses = append(row.Clauses, cr)
			row.Executable = row.Executable || cl.Runs()
			for _, sc := range cr.Scenarios {
				if !slices.Contains(row.Scenarios, sc) {
					row.Scenarios = append(row.Scenarios, sc)
				}
			}
			if cl.Runs() && len(cr.Scenarios) == 0 {
				row.Covered = false
				m.Uncovered = append(m.Uncovered, id)
			}
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// Load builds the matrix of the features in fsys against the catalogue data (read from the
// file name, which errors name).
func Load(fsys fs.FS, name string, data []byte) (*Matrix, error) {
	return LoadWith(fsys, name, data, nil)
}

// LoadWith is Load that marks the scenarios with a step writes says drives the writers.
func LoadWith(fsys fs.FS, name string, data []byte, writes func(step string) bool) (*Matrix, error) {
	cat, err := ParseCatalogue(name, data)
	if err != nil {
		return nil, err
	}
	scenarios, err := Scenarios(fsys)
	if err != nil {
		return nil, err
	}
	for i := range scenarios {
		scenarios[i].Writes = writes != nil && slices.ContainsFunc(scenarios[i].Steps, writes)
	}
	m := Build(cat, scenarios)
	return &m, nil
}
