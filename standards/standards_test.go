package standards

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStandardsDocMatchesContract fails when docs/standards.md and the contract disagree.
func TestStandardsDocMatchesContract(t *testing.T) {
	doc, err := os.ReadFile("../docs/standards.md")
	require.NoError(t, err)
	assert.NoError(t, Verify(doc), "run `go run ./cmd/conform docs --write`")
}

func TestCheckDetectsDrift(t *testing.T) {
	doc, err := os.ReadFile("../docs/standards.md")
	require.NoError(t, err)
	drifted := strings.Replace(string(doc), "Checking compare coverage", "Fetching stuff", 1)
	assert.ErrorContains(t, Verify([]byte(drifted)), "vocabulary")
}

func TestRenderRefusesBrokenBlocks(t *testing.T) {
	_, err := Render([]byte("<!-- BEGIN GENERATED: nonsense -->\n<!-- END GENERATED: nonsense -->"))
	assert.ErrorContains(t, err, `unknown generated block "nonsense"`)
	_, err = Render([]byte("<!-- BEGIN GENERATED: families -->\n<!-- END GENERATED: keys -->"))
	assert.ErrorContains(t, err, "closed as")
	_, err = Render([]byte("no blocks"))
	assert.ErrorContains(t, err, "has no generated block")
}
