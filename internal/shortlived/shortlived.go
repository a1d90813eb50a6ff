package shortlived

import (
	"os"
	"runtime/debug"
)

// Percent is the GOGC a short-lived process runs with.
const Percent = 400

// Tune sets GOGC to Percent unless the environment sets GOGC, which then decides.
func Tune() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
}
