package suite

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
)

// The console's progress format leads with findings: godog's progress formatter draws the
// dots, but the list of every failed step it prints at the end (sixty failures of one cause
// are sixty entries) is left out; the findings, one per root cause, follow in the closing
// lines. --all-failures keeps godog's list.
const progressFindings = "conform-progress"

// registerProgress adds the format to godog's, once, before a suite first runs.
var registerProgress = sync.OnceFunc(func() {
	godog.Format(progressFindings, "Prints a character per step; the failures are told as findings.", func(suite string, out io.Writer) formatters.Formatter {
		return godog.FindFmt("progress")(suite, &withoutFailedSteps{w: out})
	})
})

// withoutFailedSteps passes godog's progress output through, but for the block of failed
// steps its summary writes: a header write, the block, and an empty line.
type withoutFailedSteps struct {
	w    io.Writer
	drop int // writes still to drop
}

func (f *withoutFailedSteps) Write(p []byte) (int, error) {
	switch {
	case f.drop > 0:
		f.drop--
		return len(p), nil
	case bytes.Contains(p, []byte("--- ")) && bytes.Contains(p, []byte("Failed steps:")):
		f.drop = 2
		return len(p), nil
	}
	return f.w.Write(p)
}

// consoleFormats swaps godog's progress format for the one that leads with findings.
func consoleFormats(format string, allFailures bool) string {
	if allFailures {
		return format
	}
	parts := strings.Split(format, ",")
	for i, p := range parts {
		name, rest, hasPath := strings.Cut(p, ":")
		if strings.TrimSpace(name) == "progress" {
			parts[i] = progressFindings
			if hasPath {
				parts[i] += ":" + rest
			}
		}
	}
	return strings.Join(parts, ",")
}
