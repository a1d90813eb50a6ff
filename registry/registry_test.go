package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTheBuiltinFileIsTheBuiltinRegistry: the embedded spec272.yaml and the contract's
// built-in registry are the same data, family by family and phase by phase.
func TestTheBuiltinFileIsTheBuiltinRegistry(t *testing.T) {
	reg, err := Load("spec272.yaml", BuiltinFile())
	require.NoError(t, err)
	assert.Equal(t, contract.Builtin.Families(), reg.Families())
	assert.Equal(t, Digest(contract.Builtin), Digest(reg))
}

const good = `version: 1
families:
  - type: policy.sync
    label: Policy sync
    claim: counted
    scope: counted rollout
    why: Counts the policies it syncs.
`

// TestBadRegistriesNameFileLineAndField: each broken file is one line naming where.
func TestBadRegistriesNameFileLineAndField(t *testing.T) {
	fam := func(extra string) string {
		return "version: 1\nfamilies:\n  - type: x.sync\n    label: X sync\n    claim: counted\n    scope: counted rollout\n    why: Counts.\n" + extra
	}
	tests := map[string]struct{ doc, want string }{
		"unknown key":         {fam("    colour: red\n"), `app.yaml:8: unknown field "colour"`},
		"unknown top key":     {"version: 1\nfamilies: []\nextra: 1\n", `app.yaml:3: unknown field "extra"`},
		"duplicate key":       {fam("    label: Again\n"), `app.yaml:8: field "label" given twice`},
		"duplicate family":    {fam("  - type: x.sync\n    label: X again\n    claim: activity\n    scope: activity\n    why: Twice.\n"), `app.yaml:8: family "x.sync": type: the family is listed twice`},
		"phase outside":       {"version: 1\nfamilies:\n  - type: a.b\n    label: Ab\n    claim: phased\n    scope: selected\n    why: W.\n    phases:\n      - {key: uploading, label: Uploading files}\n", `app.yaml:9: family "a.b": phases[0].key: "uploading" is outside the phase vocabulary`},
		"raw key label":       {fam("")[:0] + strings.Replace(fam(""), "label: X sync", "label: x_sync", 1), `app.yaml:4: family "x.sync": label: copy "x_sync" contains a raw key`},
		"percent label":       {strings.Replace(fam(""), "label: X sync", "label: X sync 40%", 1), `app.yaml:4: family "x.sync": label: copy "X sync 40%" contains a percent sign`},
		"class name label":    {strings.Replace(fam(""), "label: X sync", "label: PolicySyncJob", 1), `app.yaml:4: family "x.sync": label: copy "PolicySyncJob" contains a class name`},
		"phases on composite": {"version: 1\nfamilies:\n  - type: a.b\n    label: Ab\n    claim: composite\n    scope: selected\n    why: W.\n    phases:\n      - {key: fetching, label: Fetching things}\n", `app.yaml:9: family "a.b": phases: only a phased family has phases (this one claims composite)`},
		"new capability":      {strings.Replace(fam(""), "claim: counted", "claim: graph", 1), `app.yaml:5: family "x.sync": claim: want phased, composite, counted or activity, got "graph"`},
		"deferred counted":    {strings.Replace(fam(""), "scope: counted rollout", "scope: deferred", 1), `app.yaml:5: family "x.sync": claim: a deferred family is activity-only`},
		"alias":               {"version: 1\nfamilies:\n  - &f {type: a, label: A, claim: activity, scope: activity, why: W.}\n  - *f\n", `app.yaml:3: anchors and aliases are not allowed`},
		"raw phase label":     {"version: 1\nfamilies:\n  - type: a.b\n    label: Ab\n    claim: phased\n    scope: selected\n    why: W.\n    phases:\n      - {key: fetching, label: Fetching}\n", `app.yaml:9: family "a.b": phases[0].label: "Fetching" is the raw phase key`},
		"missing why":         {"version: 1\nfamilies:\n  - type: a\n    label: A\n    claim: activity\n    scope: activity\n", `app.yaml:3: missing field "why"`},
		"wrong version":       {"version: 2\nfamilies: []\n", `app.yaml:1: version "2"`},
		"broken yaml":         {"version: 1\nfamilies: [\n", `app.yaml:`},
		"two documents":       {"version: 1\nfamilies: []\n---\nversion: 1\n", "app.yaml:3: a second YAML document"},
		"empty migrations":    {"version: 1\nmigrations: ''\nfamilies: []\n", `app.yaml:2: field "migrations": want the command that migrates`},
		"migrations list":     {"version: 1\nmigrations: [a]\nfamilies: []\n", `app.yaml:2: field "migrations"`},
	}
	for name, tt := range tests {
		_, err := Load("app.yaml", []byte(tt.doc))
		if assert.Error(t, err, name) {
			assert.Contains(t, err.Error(), tt.want, name)
			assert.NotContains(t, err.Error(), "\n", "%s: one line", name)
		}
	}
}

func TestFindPrefersTheFlagThenConformYAML(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	src, err := Find("")
	require.NoError(t, err)
	assert.Equal(t, BuiltinName, src.Name)
	require.NoError(t, os.WriteFile(DefaultFile, []byte(good), 0o644))
	src, err = Find("")
	require.NoError(t, err)
	assert.Equal(t, DefaultFile, src.Name)
	assert.Equal(t, "Policy sync", src.Registry.Lookup("policy.sync").Label)
	other := filepath.Join(dir, "other.yaml")
	require.NoError(t, os.WriteFile(other, []byte(strings.Replace(good, "Policy sync", "Policy import", 1)), 0o644))
	src, err = Find(other)
	require.NoError(t, err)
	assert.Equal(t, "Policy import", src.Registry.Lookup("policy.sync").Label)
	_, err = Find(filepath.Join(dir, "missing.yaml"))
	assert.Error(t, err)
	app := filepath.Join(dir, "app", "conform.yaml")
	require.NoError(t, os.MkdirAll(filepath.Dir(app), 0o755))
	require.NoError(t, os.WriteFile(app, []byte(strings.Replace(good, "version: 1\n", "version: 1\nmigrations: php artisan migrate --force\n", 1)), 0o644))
	src, err = Find(app)
	require.NoError(t, err)
	assert.Equal(t, "php artisan migrate --force", src.Migrations)
	assert.Equal(t, filepath.Dir(app), src.Dir, "the command runs where the file is")
}

func TestWireRoundTrip(t *testing.T) {
	back, err := FromWire(ToWire(contract.Builtin))
	require.NoError(t, err)
	assert.Equal(t, Digest(contract.Builtin), Digest(back))
	w := ToWire(contract.Builtin)
	w.Digest = "sha256:0000"
	_, err = FromWire(w)
	assert.ErrorContains(t, err, "digest")
}
