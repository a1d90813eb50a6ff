package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs testdata/script/*.txtar: conform's command lines as a user types them, and
// what each prints. Besides testscript's own commands, a script has
//
//	usage ARGS...   run conform ARGS and expect a usage error: exit 2, and one line on stderr
//	                (a program that crashed at its start adds the end of its stderr, indented)
//
// after which `stderr PATTERN` checks what the line says.
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"usage": usage,
		},
	})
}

func usage(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage takes no !: it always wants exit 2")
	}
	err := ts.Exec("conform", args...)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		ts.Fatalf("conform %s: want exit 2 (a usage error), got %v", strings.Join(args, " "), err)
	}
	lines := strings.Split(strings.TrimRight(ts.ReadFile("stderr"), "\n"), "\n")
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "    ") {
			ts.Fatalf("conform %s: want one line on stderr (and an indented stderr tail), got %d lines", strings.Join(args, " "), len(lines))
		}
	}
}
