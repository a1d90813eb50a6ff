package procenv

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestWhatConformSetsStaysItsOwn: a default conform sets is in its environment and not in its
// children's; one the user set is kept, in both.
func TestWhatConformSetsStaysItsOwn(t *testing.T) {
	t.Setenv("CONFORM_PROCENV_USER", "mine")
	os.Unsetenv("CONFORM_PROCENV_OWN")
	t.Cleanup(func() { os.Unsetenv("CONFORM_PROCENV_OWN") })
	SetDefault("CONFORM_PROCENV_OWN", "conform's")
	SetDefault("CONFORM_PROCENV_USER", "conform's")
	assert.Equal(t, "conform's", os.Getenv("CONFORM_PROCENV_OWN"))
	assert.Equal(t, "mine", os.Getenv("CONFORM_PROCENV_USER"), "the user's value stands")
	child := ForChildren()
	assert.False(t, slices.ContainsFunc(child, func(kv string) bool { return strings.HasPrefix(kv, "CONFORM_PROCENV_OWN=") }))
	assert.Contains(t, child, "CONFORM_PROCENV_USER=mine")
}
