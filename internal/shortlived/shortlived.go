package shortlived

import (
	"flag"
	"os"
	"runtime/debug"
	"strconv"
)

// Percent is the GOGC a short-lived process runs with.
const Percent = 400

// Tune sets GOGC to Percent unless the environment sets GOGC, which then decides.
func Tune() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
}

// WaitingTests makes a test binary whose tests mostly wait (on other processes, a server, a
// container) run n of them at once instead of one per core, unless -test.parallel is given.
// Call it from TestMain, before m.Run.
func WaitingTests(n int) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", strconv.Itoa(n))
	}
}

// Tests runs a test binary's tests (m is its *testing.M) with the GC setting of a
// short-lived process: for a TestMain that needs nothing else.
func Tests(m interface{ Run() int }) int {
	Tune()
	return m.Run()
}
