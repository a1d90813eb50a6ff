package postgres

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckServer(t *testing.T) {
	assert.NoError(t, checkServer("h:5432 as u", 150004, true))
	assert.ErrorContains(t, checkServer("h:5432 as u", 120011, true), "version 12.11; conform needs 13 or newer")
	assert.ErrorContains(t, checkServer("h:5432 as u", 160000, false), "may not create databases")
}

func TestNamesAreGeneratedAndPrefixed(t *testing.T) {
	a, b := newName(), newName()
	assert.NotEqual(t, a, b)
	assert.True(t, strings.HasPrefix(a, NamePrefix))
	assert.Len(t, a, len(NamePrefix)+16)
}

func TestDropRefusesForeignNames(t *testing.T) {
	s := &Server{created: map[string]bool{}}
	assert.ErrorContains(t, s.dropDatabase(t.Context(), "postgres"), "conform did not create it")
	assert.ErrorContains(t, s.dropDatabase(t.Context(), "conform_0123456789abcdef"), "conform did not create it")
}
