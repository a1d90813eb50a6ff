package runfile

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/conform-dev/conform/contract"
	"gopkg.in/yaml.v3"
)

// errAt is an input problem at the line of n, as the contract reports one in JSON.
func errAt(n *yaml.Node, format string, args ...any) error {
	return &contract.DecodeError{Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

// runField names the members of a run and the kind each must have ("" = any JSON value). A
// switch, not a map: the lean decoder asks it for every member of every line, and a switch on
// string(key) neither allocates nor hashes.
func runField(name string) (kind string, known bool) {
	switch name {
	case "id", "tenant_id", "user_id":
		return "int", true
	case "type", "status", "outcome", "started_at", "completed_at", "created_at", "updated_at":
		return "str", true
	case "summary_counts", "context", "failure_summary":
		return "", true
	}
	return "", false
}

// RunFromYAML decodes a run from a YAML mapping node, strictly: an unknown field or a wrong
// type is an error naming its line. Numbers inside context and summary_counts keep their
// literal as json.Number, exactly as the JSON decoder keeps them.
func RunFromYAML(n *yaml.Node) (contract.Run, error) { return RunFromYAMLWithin(n, DefaultLimits) }

// RunFromYAMLWithin is RunFromYAML with other limits on what the document may expand to.
func RunFromYAMLWithin(n *yaml.Node, lim Limits) (contract.Run, error) {
	b := newBudget(lim)
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return contract.Run{}, errAt(n, "a run must be a mapping, got %s", kindName(n))
	}
	var run contract.Run
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		want, known := runField(k.Value)
		if !known {
			return contract.Run{}, errAt(k, "unknown field %q", k.Value)
		}
		if seen[k.Value] {
			return contract.Run{}, errAt(k, "duplicate field %q", k.Value)
		}
		seen[k.Value] = true
		if err := checkKind(k.Value, want, v); err != nil {
			return contract.Run{}, err
		}
		if err := assign(&run, k.Value, v, b); err != nil {
			return contract.Run{}, err
		}
	}
	return run, nil
}

func checkKind(field, want string, v *yaml.Node) error {
	switch want {
	case "int":
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
			return errAt(v, "field %q: want an integer, got %s", field, kindName(v))
		}
	case "str":
		if v.Kind != yaml.ScalarNode || (v.Tag != "!!str" && v.Tag != "!!timestamp") {
			return errAt(v, "field %q: want a string, got %s", field, kindName(v))
		}
	}
	return nil
}

func assign(run *contract.Run, field string, v *yaml.Node, b *budget) error {
	switch kind, _ := runField(field); kind {
	case "int":
		var id int64
		if err := v.Decode(&id); err != nil {
			return errAt(v, "field %q: %v does not fit a 64-bit integer", field, v.Value)
		}
		setInt(run, field, id)
	case "str":
		setString(run, field, v.Value)
	default:
		val, err := b.value(v, 0)
		if err != nil {
			return err
		}
		setJSON(run, field, val)
	}
	return nil
}

// setInt, setString and setJSON set one field of a run by its JSON name: every reader of runs
// goes through them, so the run's fields are named in one place (runField says which is
// which).
func setInt(run *contract.Run, field string, v int64) {
	switch field {
	case "id":
		run.ID = v
	case "tenant_id":
		run.TenantID = v
	case "user_id":
		run.UserID = v
	}
}

func setString(run *contract.Run, field, v string) {
	switch field {
	case "type":
		run.Type = v
	case "status":
		run.Status = v
	case "outcome":
		run.Outcome = v
	case "started_at":
		run.StartedAt = v
	case "completed_at":
		run.CompletedAt = v
	case "created_at":
		run.CreatedAt = v
	case "updated_at":
		run.UpdatedAt = v
	}
}

func setJSON(run *contract.Run, field string, v any) {
	switch field {
	case "summary_counts":
		run.SummaryCounts = v
	case "context":
		run.Context = v
	case "failure_summary":
		run.FailureSummary = v
	}
}

// Value converts a YAML node to the JSON value the contract reads: objects, arrays, strings,
// booleans, nil and json.Number (integers normalised to decimal, floats as written).
func Value(n *yaml.Node) (any, error) { return ValueWithin(n, DefaultLimits) }

// ValueWithin is Value with other limits.
func ValueWithin(n *yaml.Node, lim Limits) (any, error) { return newBudget(lim).value(n, 0) }

// Limits bound what one run's YAML may expand to. Aliases let a few lines stand for a huge
// value (nine levels of nine aliases are 387 million nodes), and an alias inside its own anchor
// for an endless one: expansion stops at the budget, and a cycle is an error.
type Limits struct {
	MaxNodes int   // values a run may expand to, aliases expanded
	MaxDepth int   // nesting of mappings and sequences
	MaxYAML  int64 // bytes of YAML input a Stream reads (0: MaxDocument); JSON Lines are not capped
}

// DefaultLimits are generous for any real run: a context of a hundred thousand values is
// already far beyond what an application persists.
var DefaultLimits = Limits{MaxNodes: 100_000, MaxDepth: 1_000}

type budget struct {
	Limits
	nodes  int
	active map[*yaml.Node]bool // the nodes being expanded: an alias to one of them is a cycle
}

func newBudget(lim Limits) *budget {
	if lim.MaxNodes <= 0 {
		lim.MaxNodes = DefaultLimits.MaxNodes
	}
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultLimits.MaxDepth
	}
	return &budget{Limits: lim, active: map[*yaml.Node]bool{}}
}

func (b *budget) value(n *yaml.Node, depth int) (any, error) {
	at := n
	n = resolve(n)
	if b.active[n] {
		return nil, errAt(at, "alias *%s refers to a value that contains it (a cycle)", at.Value)
	}
	b.nodes++
	if b.nodes > b.MaxNodes {
		return nil, errAt(at, "the run expands to more than %d values (aliases included); raise --max-nodes if it is real", b.MaxNodes)
	}
	if depth > b.MaxDepth {
		return nil, errAt(at, "values nested deeper than %d; raise --max-depth if it is real", b.MaxDepth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		b.active[n] = true
		defer delete(b.active, n)
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := resolve(n.Content[i])
			if k.Kind != yaml.ScalarNode {
				return nil, errAt(k, "object keys must be strings, got %s", kindName(k))
			}
			if _, dup := m[k.Value]; dup {
				return nil, errAt(k, "duplicate key %q", k.Value)
			}
			v, err := b.value(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		b.active[n] = true
		defer delete(b.active, n)
		a := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := b.value(c, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil, errAt(n, "unsupported YAML node %s", kindName(n))
}

func scalar(n *yaml.Node) (any, error) {
	switch n.Tag {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, errAt(n, "invalid boolean %q", n.Value)
		}
		return b, nil
	case "!!int":
		i, ok := new(big.Int).SetString(strings.ReplaceAll(n.Value, "_", ""), 0)
		if !ok {
			return nil, errAt(n, "invalid integer %q", n.Value)
		}
		return json.Number(i.String()), nil
	case "!!float":
		num := json.Number(n.Value)
		if !json.Valid([]byte(n.Value)) {
			return nil, errAt(n, "%q is not a number JSON can hold", n.Value)
		}
		return num, nil
	}
	return n.Value, nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return resolve(n.Content[0])
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	}
	switch n.Tag {
	case "!!int":
		return "an integer"
	case "!!float":
		return "a float"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	case "!!str":
		return "a string"
	}
	return n.Tag
}
