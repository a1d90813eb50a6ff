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
	assert.Equal(t, Self().PidNS, o.PidNS)
	assert.True(t, IsRunID(o.Run), o.Run)
	for _, bad := range []string{"", "conform scratch database", Prefix + "{", Prefix + `{"pid":0}`, "someone's " + Self().Mark("x")} {
		_, ok := Parse(bad)
		assert.False(t, ok, bad)
	}
}

// ended is the owner of a process that has ended, on this machine.
func ended(t *testing.T) Owner {
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	o := Self()
	o.PID = cmd.Process.Pid
	return o
}

func TestState(t *testing.T) {
	require.NotEmpty(t, Self().PidNS, "this machine names its pid namespace")
	assert.Equal(t, Alive, Self().State())
	assert.Equal(t, Dead, ended(t).State(), "a process that ended is dead")
	reused := Self()
	reused.ProcStart = "1"
	assert.Equal(t, Dead, reused.State(), "the same pid with another start is another process")
	for name, change := range map[string]func(*Owner){
		"another machine":       func(o *Owner) { o.Host = "elsewhere" },
		"another boot":          func(o *Owner) { o.Boot = "00000000-0000-0000-0000-000000000000" },
		"another pid namespace": func(o *Owner) { o.PidNS = "pid:[1]" },
		"a mark without one":    func(o *Owner) { o.PidNS = "" },
	} {
		o := ended(t)
		change(&o)
		assert.Equal(t, Unknown, o.State(), "%s: its pid says nothing here", name)
	}
}

func TestJudge(t *testing.T) {
	dead, alive := ended(t), Self()
	other := ended(t)
	other.PidNS = "pid:[1]" // a container's run: pid 1 of its own namespace
	now := time.Now()
	for _, o := range []*Owner{&dead, &alive, &other} {
		o.Started = now.Add(-2 * time.Hour)
	}
	cases := []struct {
		name      string
		ev        Evidence
		want      State
		removable bool // with a minimum age of a minute and no unprovable limit
		unprov    bool // with an unprovable limit of an hour
	}{
		{"dead process, no session", Evidence{Run: "r", Mark: &dead, SessionsKnown: true}, Dead, true, true},
		{"dead process, server not asked", Evidence{Run: "r", Mark: &dead}, Dead, true, true},
		{"dead process but a session of its run", Evidence{Run: "r", Mark: &dead, Sessions: 1, SessionsKnown: true}, Alive, false, false},
		{"live process, no session", Evidence{Run: "r", Mark: &alive, SessionsKnown: true}, Alive, false, false},
		{"another namespace, a session", Evidence{Run: "r", Mark: &other, Sessions: 2, SessionsKnown: true}, Alive, false, false},
		{"another namespace, no session", Evidence{Run: "r", Mark: &other, SessionsKnown: true}, Unknown, false, true},
		{"another namespace, server not asked", Evidence{Run: "r", Mark: &other}, Unknown, false, false},
		{"no mark, no session", Evidence{Run: "r", SessionsKnown: true}, Unknown, false, false},
	}
	for _, c := range cases {
		v := c.ev.Judge()
		assert.Equal(t, c.want, v.State, c.name)
		assert.NotEmpty(t, v.Why, c.name)
		assert.Equal(t, c.removable, c.ev.Removable(now, time.Minute, 0), "%s: removable by default", c.name)
		assert.Equal(t, c.unprov, c.ev.Removable(now, time.Minute, time.Hour), "%s: removable with --unprovable-older-than", c.name)
	}
	young := Evidence{Run: "r", Mark: &dead, SessionsKnown: true}
	assert.False(t, young.Removable(now, 3*time.Hour, 0), "younger than the safe age")
	assert.False(t, Evidence{Run: "r", Mark: &other, SessionsKnown: true}.Removable(now, 0, 3*time.Hour), "younger than the unprovable limit")
}
