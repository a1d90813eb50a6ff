package suite

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidateTags(t *testing.T) {
	for _, ok := range []string{"", "@US1", "@US1 && ~@confidence", "@a, @b && @c", "FR-011", "~@edge-case"} {
		assert.NoError(t, ValidateTags(ok), ok)
	}
	for _, bad := range []string{"@a &&", ", @b", "@a && (@b)", "@", "@a b"} {
		assert.Error(t, ValidateTags(bad), bad)
	}
}

func TestAndTags(t *testing.T) {
	assert.Equal(t, "@a", AndTags("@a", ""))
	assert.Equal(t, "@b", AndTags("", "@b"))
	assert.Equal(t, "@a && @c, @b && @c", AndTags("@a, @b", "@c"))
}

func TestValidateFormat(t *testing.T) {
	assert.NoError(t, ValidateFormat("pretty,junit:out.xml,cucumber:c.json"))
	assert.ErrorContains(t, ValidateFormat("pretty,html"), `unknown format "html"`)
}
