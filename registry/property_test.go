package registry_test

import (
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/registry"
	"github.com/conform-dev/conform/sweep"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestTheBuiltinFileResolvesAsTheContract: for any generated run, the registry read from
// spec272.yaml resolves and presents exactly as the contract's built-in registry.
func TestTheBuiltinFileResolvesAsTheContract(t *testing.T) {
	reg, err := registry.Load("spec272.yaml", registry.BuiltinFile())
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		c := sweep.NewGenerator(rapid.Uint64().Draw(t, "seed")).Case(rapid.IntRange(0, 1<<20).Draw(t, "case"))
		if got, want := reg.Resolve(c.Run), contract.Builtin.Resolve(c.Run); got != want {
			t.Fatalf("%+v: got %+v, want %+v", c.Run, got, want)
		}
		if got, want := reg.Present(c.Run, reg.Resolve(c.Run)).HTML(), contract.Present(c.Run, contract.Resolve(c.Run)).HTML(); got != want {
			t.Fatalf("%+v: the shell differs", c.Run)
		}
	})
}
