package postgres

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/conform-dev/conform/internal/owner"

	"github.com/stretchr/testify/assert"
)

func TestCheckServer(t *testing.T) {
	assert.NoError(t, checkServer("h:5432 as u", 150004, true))
	assert.ErrorContains(t, checkServer("h:5432 as u", 120011, true), "version 12.11; conform needs 13 or newer")
	assert.ErrorContains(t, checkServer("h:5432 as u", 160000, false), "may not create databases")
}

func TestNamesSayWhichRunMadeThem(t *testing.T) {
	run := owner.Self().Run
	for _, kind := range []string{DBTemplate, DBScenario, DBScratch} {
		a, b := NewName(run, kind), NewName(run, kind)
		assert.NotEqual(t, a, b)
		assert.True(t, strings.HasPrefix(a, NamePrefix+run+"_"), a)
		assert.LessOrEqual(t, len(a), 63, "PostgreSQL's identifier limit")
		gotRun, gotKind, ok := ParseName(a)
		assert.True(t, ok, a)
		assert.Equal(t, run, gotRun)
		assert.Equal(t, kind, gotKind)
	}
	for _, foreign := range []string{"conform_keepme", "conform_0123456789abcdef", "conform_" + run + "_s0123456", "conform_" + run + "_x01234567",
		"conform_" + run + "_s01234567x", "xconform_" + run + "_s01234567", "conform_" + strings.ToUpper(run) + "_s01234567", "postgres"} {
		_, _, ok := ParseName(foreign)
		assert.False(t, ok, "%q is not a name conform makes", foreign)
	}
}

func TestApplicationNameCarriesTheRun(t *testing.T) {
	o := owner.Self()
	for _, asked := range []string{"", "mine", strings.Repeat("é", 40)} {
		app := ApplicationName(o, asked)
		assert.LessOrEqual(t, len(app), 63)
		assert.True(t, utf8.ValidString(app))
		run, ok := runOfSession(app)
		assert.True(t, ok, app)
		assert.Equal(t, o.Run, run)
	}
	assert.Equal(t, fmt.Sprintf("conform run %s pid %d: mine", o.Run, o.PID), ApplicationName(o, "mine"))
	_, ok := runOfSession("conform pid 12")
	assert.False(t, ok, "an older conform's sessions name no run")
}

func TestDropRefusesForeignNames(t *testing.T) {
	s := &Server{created: map[string]bool{}}
	assert.ErrorContains(t, s.dropDatabase(t.Context(), "postgres"), "conform did not create it")
	assert.ErrorContains(t, s.dropDatabase(t.Context(), "conform_0123456789abcdef"), "conform did not create it")
	assert.ErrorContains(t, s.dropDatabase(t.Context(), NewName(owner.Self().Run, DBScenario)), "conform did not create it")
	assert.ErrorContains(t, s.DropLeftover(t.Context(), Leftover{Name: "conform_keepme"}), "not a name conform makes")
}
