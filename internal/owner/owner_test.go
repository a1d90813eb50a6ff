package owner

import (
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkRoundTrip(t *testing.T) {
	o, ok := Parse(Self().Mark("scenario"))
	require.True(t, ok)
	assert.Equal(t, "scenario", o.Kind)
	assert.Equal(t, Self().PID, o.PID)
	for _, bad := range []string{"", "conform scratch database", Prefix + "{", Prefix + `{"pid":0}`, "someone's " + Self().Mark("x")} {
		_, ok := Parse(bad)
		assert.False(t, ok, bad)
	}
}

func TestState(t *testing.T) {
	assert.Equal(t, Alive, Self().State())
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	dead := Self()
	dead.PID = cmd.Process.Pid
	assert.Equal(t, Dead, dead.State(), "a process that ended is dead")
	reused := Self()
	reused.ProcStart = "1"
	assert.Equal(t, Dead, reused.State(), "the same pid with another start is another process")
	far := Self()
	far.Host = "elsewhere"
	assert.Equal(t, Unknown, far.State())

	now := time.Now()
	dead.Started = now.Add(-2 * time.Minute)
	assert.True(t, dead.Stale(now, time.Minute, 24*time.Hour))
	assert.False(t, dead.Stale(now, 5*time.Minute, 24*time.Hour), "younger than the safe age")
	far.Started = now.Add(-2 * time.Hour)
	assert.False(t, far.Stale(now, time.Minute, 24*time.Hour))
	assert.True(t, far.Stale(now, time.Minute, time.Hour))
	assert.False(t, Self().Stale(now.Add(48*time.Hour), 0, 0), "a live owner's things are never stale")
}
