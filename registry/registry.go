package registry

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/contract"
	"gopkg.in/yaml.v3"
)

//go:embed spec272.yaml
var spec272 []byte

// BuiltinFile is the embedded spec 272 registry file.
func BuiltinFile() []byte { return append([]byte{}, spec272...) }

// BuiltinName names the built-in registry in messages and reports.
const BuiltinName = "the built-in spec 272 registry"

// DefaultFile is the registry conform finds in the working directory.
const DefaultFile = "conform.yaml"

// MaxBytes bounds a registry file: hundreds of families fit in a fraction of it.
const MaxBytes = 1 << 20

// Source is a registry and where it came from.
type Source struct {
	Name     string // a path, or BuiltinName
	Registry *contract.Registry
	Digest   string // "sha256:..." of its canonical JSON (Wire)
	// Standard is the application's written standard the file names (standard:), as a path
	// relative to the working directory; "" when it names none.
	Standard string
	// Migrations is the command that migrates the application's schema (migrations:), run in
	// Dir, the file's directory: on PostgreSQL the scenario databases get the application's
	// schema instead of conform's.
	Migrations string
	Dir        string
	// Vectors is the directory of the application's own vectors (vectors:), relative to the
	// working directory; "" when it names none. A run checks them beside conform's.
	Vectors string
}

// Find picks the registry in force: the file given (--registry), else conform.yaml in the
// working directory, else the built-in one.
func Find(flag string) (Source, error) {
	path := flag
	if path == "" {
		if _, err := os.Stat(DefaultFile); err == nil {
			path = DefaultFile
		}
	}
	if path == "" {
		return Builtin(), nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return Source{}, fmt.Errorf("registry: %w", err)
	}
	if !st.Mode().IsRegular() {
		return Source{}, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > MaxBytes {
		return Source{}, fmt.Errorf("%s: a registry file is at most %d bytes, this one has %d", path, MaxBytes, st.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Source{}, fmt.Errorf("registry: %w", err)
	}
	reg, err := Load(path, data)
	if err != nil {
		return Source{}, err
	}
	src := Source{Name: path, Registry: reg, Digest: Digest(reg), Dir: filepath.Dir(path)}
	std, mig, vec := pathsOf(data)
	src.Migrations = mig
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(filepath.Dir(path), p)
	}
	src.Standard, src.Vectors = rel(std), rel(vec)
	return src, nil
}

// pathsOf is the standard:, migrations: and vectors: of a registry file Load has accepted.
func pathsOf(data []byte) (standard, migrations, vectors string) {
	var doc struct {
		Standard   string `yaml:"standard"`
		Migrations string `yaml:"migrations"`
		Vectors    string `yaml:"vectors"`
	}
	_ = yaml.Unmarshal(data, &doc)
	return doc.Standard, doc.Migrations, doc.Vectors
}

// Builtin is the built-in registry as a Source.
func Builtin() Source {
	return Source{Name: BuiltinName, Registry: contract.Builtin, Digest: Digest(contract.Builtin)}
}

// lineError is a problem at a line of the file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func at(n *yaml.Node, format string, args ...any) error {
	return &lineError{line: n.Line, msg: fmt.Sprintf(format, args...)}
}

// Load decodes a registry file strictly and checks every family.
func Load(name string, data []byte) (*contract.Registry, error) {
	wrap := func(err error) error {
		var le *lineError
		if errors.As(err, &le) {
			return fmt.Errorf("%s:%d: %s", name, le.line, le.msg)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxBytes {
		return nil, wrap(fmt.Errorf("a registry file is at most %d bytes", MaxBytes))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if l, rest, ok := strings.Cut(strings.TrimPrefix(msg, "line "), ": "); ok && strings.HasPrefix(msg, "line ") {
			if n, err := strconv.Atoi(l); err == nil {
				return nil, wrap(&lineError{line: n, msg: rest})
			}
		}
		return nil, wrap(errors.New(msg))
	}
	if len(doc.Content) == 0 {
		return nil, wrap(errors.New("empty file: want version: 1 and families"))
	}
	// yaml.Unmarshal reads the first document only: a second one would be ignored silently.
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first, second yaml.Node
	if dec.Decode(&first) == nil {
		if err := dec.Decode(&second); err == nil {
			return nil, wrap(&lineError{line: second.Line, msg: "a second YAML document: a registry file holds one (remove the ---)"})
		}
	}
	fams, set, lines, err := decode(doc.Content[0])
	if err != nil {
		return nil, wrap(err)
	}
	reg, err := contract.NewRegistryWith(fams, set)
	if err != nil {
		var fe *contract.FamilyError
		var se *contract.SettingsError
		switch {
		case errors.As(err, &fe):
			return nil, wrap(&lineError{line: lines.of(fe), msg: fe.Error()})
		case errors.As(err, &se):
			return nil, wrap(&lineError{line: lines.setting(se.Field), msg: se.Error()})
		}
		return nil, wrap(err)
	}
	return reg, nil
}

// fieldLines remembers the line of every field of every family, to point at what a rule
// of contract.CheckFamily refused.
type fieldLines struct {
	byFamily []map[string]int // field ("label", "phases[1].key") -> line
	types    []string
	settings map[string]int // "generic.phased", "summary_counts[1]", "readings.x" -> line
}

// setting is the line of a setting a rule refused, or of its section.
func (l fieldLines) setting(field string) int {
	if n, ok := l.settings[field]; ok {
		return n
	}
	section, _, _ := strings.Cut(field, ".")
	section, _, _ = strings.Cut(section, "[")
	if n, ok := l.settings[section]; ok {
		return n
	}
	return 1
}

func (l fieldLines) of(fe *contract.FamilyError) int {
	if fe.Field == "type" {
		// A family listed twice: point at its last listing.
		for j := len(l.types) - 1; j >= 0; j-- {
			if l.types[j] == fe.Type {
				return l.byFamily[j]["type"]
			}
		}
	}
	for i, t := range l.types {
		if t != fe.Type {
			continue
		}
		if n, ok := l.byFamily[i][fe.Field]; ok {
			return n
		}
		return l.byFamily[i][""]
	}
	return 1
}

func plainKeys(n *yaml.Node, allowed ...string) (map[string]*yaml.Node, map[string]int, error) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return nil, nil, at(n, "anchors and aliases are not allowed in a registry file")
	}
	if n.Kind != yaml.MappingNode {
		return nil, nil, at(n, "want a mapping with %s", strings.Join(allowed, ", "))
	}
	vals, lines := map[string]*yaml.Node{}, map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind == yaml.AliasNode || v.Anchor != "" {
			return nil, nil, at(v, "anchors and aliases are not allowed in a registry file")
		}
		known := false
		for _, a := range allowed {
			known = known || k.Value == a
		}
		if !known {
			return nil, nil, at(k, "unknown field %q (want %s)", k.Value, strings.Join(allowed, ", "))
		}
		if _, dup := vals[k.Value]; dup {
			return nil, nil, at(k, "field %q given twice", k.Value)
		}
		vals[k.Value], lines[k.Value] = v, v.Line
	}
	return vals, lines, nil
}

func text(n *yaml.Node, field string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return "", at(n, "field %q: want a string", field)
	}
	return n.Value, nil
}

// decode reads a registry file's document: its version, settings and paths, then each family.
// lines says where each field was, for the errors of the checks that follow.
func decode(top *yaml.Node) ([]contract.Family, contract.Settings, fieldLines, error) {
	lines := fieldLines{settings: map[string]int{}}
	var set contract.Settings
	fields, flines, err := plainKeys(top, "version", "standard", "migrations", "vectors", "generic", "summary_counts", "readings", "families")
	if err != nil {
		return nil, set, lines, err
	}
	v := fields["version"]
	if v == nil {
		return nil, set, lines, at(top, "missing field \"version\" (write version: 1)")
	}
	if v.Kind != yaml.ScalarNode || v.Value != "1" {
		return nil, set, lines, at(v, "version %q: this conform reads registry version 1", v.Value)
	}
	if set, err = decodeSettings(fields, flines, lines.settings); err != nil {
		return nil, set, lines, err
	}
	if err := decodePaths(fields); err != nil {
		return nil, set, lines, err
	}
	list := fields["families"]
	if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		if list == nil {
			list = top
		}
		return nil, set, lines, at(list, "field \"families\": want a list of families")
	}
	var fams []contract.Family
	for _, fn := range list.Content {
		f, ls, err := decodeFamily(fn)
		if err != nil {
			return nil, set, lines, err
		}
		fams = append(fams, f)
		lines.byFamily = append(lines.byFamily, ls)
		lines.types = append(lines.types, f.Type)
	}
	return fams, set, lines, nil
}

// pathFields are the fields of a registry file that name something of the application's,
// and what each wants.
var pathFields = []struct{ name, want string }{
	{"standard", "the path of the application's written standard (relative to this file)"},
	{"vectors", "the directory of the application's own vectors (relative to this file)"},
	{"migrations", "the command that migrates the application's schema (run in this file's directory), e.g. php artisan migrate --force"},
}

// decodePaths checks that each path field given is a non-blank string.
func decodePaths(fields map[string]*yaml.Node) error {
	for _, pf := range pathFields {
		if n := fields[pf.name]; n != nil {
			if s, err := text(n, pf.name); err != nil || strings.TrimSpace(s) == "" {
				return at(n, "field %q: want %s", pf.name, pf.want)
			}
		}
	}
	return nil
}

// decodeFamily reads one family: its five fields and its phases, and the line of each field
// ("" is the family's own line).
func decodeFamily(fn *yaml.Node) (contract.Family, map[string]int, error) {
	var f contract.Family
	vals, ls, err := plainKeys(fn, "type", "label", "claim", "scope", "why", "phases")
	if err != nil {
		return f, nil, err
	}
	ls[""] = fn.Line
	for _, field := range []string{"type", "label", "claim", "scope", "why"} {
		n := vals[field]
		if n == nil {
			return f, nil, at(fn, "missing field %q", field)
		}
		s, err := text(n, field)
		if err != nil {
			return f, nil, err
		}
		switch field {
		case "type":
			f.Type = s
		case "label":
			f.Label = s
		case "claim":
			f.Claim = contract.Capability(s)
		case "scope":
			f.Scope = contract.Scope(s)
		case "why":
			f.Why = s
		}
	}
	if ph := vals["phases"]; ph != nil {
		if ph.Kind != yaml.SequenceNode {
			return f, nil, at(ph, "field \"phases\": want a list of {key, label, boundary}")
		}
		for i, pn := range ph.Content {
			pl, err := decodePhase(pn, i, ls)
			if err != nil {
				return f, nil, err
			}
			f.Phases = append(f.Phases, pl)
		}
	}
	return f, ls, nil
}

// decodePhase reads the i-th phase of a family (key, label, and a boundary if it has one),
// noting the line of each field in ls as phases[i].field.
func decodePhase(pn *yaml.Node, i int, ls map[string]int) (contract.PhaseLabel, error) {
	var pl contract.PhaseLabel
	pv, pls, err := plainKeys(pn, "key", "label", "boundary")
	if err != nil {
		return pl, err
	}
	for _, field := range []string{"key", "label", "boundary"} {
		n := pv[field]
		if n == nil {
			if field == "boundary" {
				continue
			}
			return pl, at(pn, "phase: missing field %q", field)
		}
		s, err := text(n, field)
		if err != nil {
			return pl, err
		}
		switch field {
		case "key":
			pl.Phase = contract.Phase(s)
		case "label":
			pl.Label = s
		case "boundary":
			pl.Boundary = s
		}
		ls[fmt.Sprintf("phases[%d].%s", i, field)] = pls[field]
	}
	return pl, nil
}

// decodeSettings reads the settings of a registry file: generic copy, summary_counts keys,
// readings. What is left out is spec 272's (contract.DefaultSettings).
func decodeSettings(fields map[string]*yaml.Node, flines map[string]int, lines map[string]int) (contract.Settings, error) {
	var set contract.Settings
	for k, n := range flines {
		lines[k] = n
	}
	if g := fields["generic"]; g != nil {
		vals, gl, err := plainKeys(g, "phased", "composite")
		if err != nil {
			return set, err
		}
		for field, dst := range map[string]*string{"phased": &set.GenericPhased, "composite": &set.GenericComposite} {
			if n := vals[field]; n != nil {
				s, err := text(n, "generic."+field)
				if err != nil {
					return set, err
				}
				if s == "" {
					return set, at(n, "generic.%s: want the copy, not an empty string", field)
				}
				*dst = s
				lines["generic."+field] = gl[field]
			}
		}
	}
	if sc := fields["summary_counts"]; sc != nil {
		if sc.Kind != yaml.SequenceNode {
			return set, at(sc, "field \"summary_counts\": want the list of summary_counts keys the application writes")
		}
		set.SummaryCountKeys = []string{}
		for i, n := range sc.Content {
			s, err := text(n, fmt.Sprintf("summary_counts[%d]", i))
			if err != nil {
				return set, err
			}
			set.SummaryCountKeys = append(set.SummaryCountKeys, s)
			lines[fmt.Sprintf("summary_counts[%d]", i)] = n.Line
		}
	}
	if rd := fields["readings"]; rd != nil {
		vals, rl, err := plainKeys(rd, "partial_composite", "missing_with_counts", "deferred_counts")
		if err != nil {
			return set, err
		}
		for field, dst := range map[string]*string{"partial_composite": &set.Readings.PartialComposite,
			"missing_with_counts": &set.Readings.MissingWithCounts, "deferred_counts": &set.Readings.DeferredCounts} {
			if n := vals[field]; n != nil {
				s, err := text(n, "readings."+field)
				if err != nil {
					return set, err
				}
				*dst = s
				lines["readings."+field] = rl[field]
			}
		}
	}
	return set, nil
}

// Wire is a registry as the adapter protocol's start request carries it, and as its digest
// is taken: the families in their order, with what the shell and the resolution need.
type Wire struct {
	Digest        string       `json:"digest"`
	Generic       WireGeneric  `json:"generic"`
	SummaryCounts []string     `json:"summary_counts"`
	Readings      WireReadings `json:"readings"`
	Families      []WireFamily `json:"families"`
}

// WireGeneric is the application's generic copy on the wire.
type WireGeneric struct {
	Phased    string `json:"phased"`
	Composite string `json:"composite"`
}

// WireReadings are the readings the application takes where spec 272 leaves room.
type WireReadings struct {
	PartialComposite  string `json:"partial_composite"`
	MissingWithCounts string `json:"missing_with_counts"`
	DeferredCounts    string `json:"deferred_counts"`
}

// wireSettings and fromWireSettings convert the settings.
func wireSettings(s contract.Settings) (WireGeneric, []string, WireReadings) {
	return WireGeneric{Phased: s.GenericPhased, Composite: s.GenericComposite}, append([]string{}, s.SummaryCountKeys...),
		WireReadings{PartialComposite: s.Readings.PartialComposite, MissingWithCounts: s.Readings.MissingWithCounts, DeferredCounts: s.Readings.DeferredCounts}
}

// WireFamily is one family on the wire.
type WireFamily struct {
	Type   string      `json:"type"`
	Label  string      `json:"label"`
	Claim  string      `json:"claim"`
	Scope  string      `json:"scope"`
	Phases []WirePhase `json:"phases"`
}

// WirePhase is one phase of a phased family on the wire.
type WirePhase struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

func wireFamilies(reg *contract.Registry) []WireFamily {
	out := []WireFamily{}
	for _, f := range reg.Families() {
		w := WireFamily{Type: f.Type, Label: f.Label, Claim: string(f.Claim), Scope: string(f.Scope), Phases: []WirePhase{}}
		for _, p := range f.Phases {
			w.Phases = append(w.Phases, WirePhase{Key: string(p.Phase), Label: p.Label})
		}
		out = append(out, w)
	}
	return out
}

// Digest is "sha256:" and the hex digest of the registry as JSON: its settings and families.
func Digest(reg *contract.Registry) string {
	w := toWire(reg)
	raw, _ := json.Marshal(w)
	sum := sha256.Sum256(raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func toWire(reg *contract.Registry) Wire {
	g, keys, rd := wireSettings(reg.Settings())
	return Wire{Generic: g, SummaryCounts: keys, Readings: rd, Families: wireFamilies(reg)}
}

// ToWire is the registry for the start request.
func ToWire(reg *contract.Registry) Wire {
	w := toWire(reg)
	w.Digest = Digest(reg)
	return w
}

// FromWire rebuilds a registry from a start request (the why of each family does not travel;
// the serving side needs only what resolution and presentation use).
func FromWire(w Wire) (*contract.Registry, error) {
	var fams []contract.Family
	for _, wf := range w.Families {
		f := contract.Family{Type: wf.Type, Label: wf.Label, Claim: contract.Capability(wf.Claim), Scope: contract.Scope(wf.Scope), Why: "(from the start request)"}
		for _, p := range wf.Phases {
			f.Phases = append(f.Phases, contract.PhaseLabel{Phase: contract.Phase(p.Key), Label: p.Label})
		}
		fams = append(fams, f)
	}
	reg, err := contract.NewRegistryWith(fams, contract.Settings{GenericPhased: w.Generic.Phased, GenericComposite: w.Generic.Composite,
		SummaryCountKeys: w.SummaryCounts, Readings: contract.Readings{PartialComposite: w.Readings.PartialComposite,
			MissingWithCounts: w.Readings.MissingWithCounts, DeferredCounts: w.Readings.DeferredCounts}})
	if err != nil {
		return nil, err
	}
	if d := Digest(reg); w.Digest != "" && d != w.Digest {
		return nil, fmt.Errorf("the registry's digest is %s, the request says %s", d, w.Digest)
	}
	return reg, nil
}
