package shortlived

import (
	"runtime/debug"
	"testing"
)

// TestTune: without GOGC in the environment the process collects at Percent; with it, the
// environment's value stays.
func TestTune(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		env  string
		want int
	}{{"", Percent}, {"150", 100}} {
		t.Setenv("GOGC", tc.env)
		debug.SetGCPercent(100) // what the runtime read at start, for the case with GOGC set
		Tune()
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: collecting at %d, want %d", tc.env, got, tc.want)
		}
	}
}

type fakeM struct{ ran bool }

func (m *fakeM) Run() int { m.ran = true; return 3 }

// TestTestsRunsWithTheSetting: Tests runs the tests once, tuned, and returns their code.
func TestTestsRunsWithTheSetting(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	m := &fakeM{}
	if code := Tests(m); code != 3 || !m.ran {
		t.Fatalf("code %d, ran %v", code, m.ran)
	}
	if got := debug.SetGCPercent(100); got != Percent {
		t.Errorf("collecting at %d, want %d", got, Percent)
	}
}
