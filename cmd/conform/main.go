// Command conform is the spec-conformance harness of the OperationRun progress contract
// (spec 272). It runs the executable standard (Gherkin features) against the reference
// contract or another implementation, resolves runs, prints the traceability matrix and keeps
// the written standard in step with the code.
//
// Exit codes: 0 everything conforms; 1 a scenario failed or a violation was found; 2 usage or
// environment error, printed as one line on stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/conform-dev/conform/internal/reap"
)

// Exit codes shared by every command.
const (
	exitOK        = 0
	exitViolation = 1
	exitUsage     = 2
)

// exitError carries an exit code and one line for stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

func violation(format string, args ...any) error {
	return &exitError{code: exitViolation, msg: fmt.Sprintf(format, args...)}
}

// env is what a command may touch: its streams, and a context cancelled on Ctrl-C.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(e env, args []string) error
}

func commands() []command {
	return []command{
		{"run", "run the features against the reference contract or an implementation (default)", cmdRun},
		{"resolve", "resolve runs given as JSON, JSON Lines or YAML; print one resolution per line", cmdResolve},
		{"report", "write the HTML report (and JUnit, Markdown) from a saved cucumber JSON run", cmdReport},
		{"matrix", "print the traceability matrix; exit 1 when a requirement is uncovered", cmdMatrix},
		{"audit", "report persisted runs that would degrade, leak raw names or break the scope rules", cmdAudit},
		{"seed", "fill a scratch database with realistic runs for the audit", cmdSeed},
		{"clean", "remove the scratch databases and containers of conform runs that died", cmdClean},
		{"vectors", "export the run vectors as JSON with stable ids", cmdVectors},
		{"docs", "render the generated tables of docs/standards.md from the contract", cmdDocs},
		{"serve-reference", "serve the reference contract over the adapter protocol on stdin/stdout", cmdServeReference},
	}
}

const topUsage = `conform: the OperationRun progress contract harness (spec 272)

Usage:
  conform [command] [flags]

Commands:
%s
With no command, conform runs the whole suite against the reference contract.
Run "conform COMMAND --help" for the flags of a command.

Exit codes: 0 conforms, 1 a scenario failed or a violation was found, 2 usage or environment error.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C (or SIGTERM) cancels the run, which then cleans up; a second one ends
	// conform at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	// conform is a short-lived process whose live heap is small: collecting less often saves
	// a tenth of a run's CPU and keeps resolve's memory flat. GOGC, when set, decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	// Descendants of an implementation that leave its process group and lose their parent
	// are reparented to conform, so they are found and ended below.
	_ = reap.Subreaper()
	code := Main(env{ctx: ctx, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	for _, pid := range reap.Orphans() {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	os.Exit(code)
}

// Main runs one command line and returns its exit code. Errors are printed as one line.
func Main(e env, args []string) int {
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		printTopUsage(e.stdout)
		return exitOK
	}
	name := "run"
	if len(args) > 0 && (len(args[0]) == 0 || args[0][0] != '-') {
		name, args = args[0], args[1:]
	}
	for _, c := range commands() {
		if c.name == name {
			return exitCode(e, c.run(e, args))
		}
	}
	fmt.Fprintf(e.stderr, "conform: unknown command %q (see conform help)\n", name)
	return exitUsage
}

func printTopUsage(w io.Writer) {
	var list string
	for _, c := range commands() {
		list += fmt.Sprintf("  %-16s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, topUsage, list)
}

func exitCode(e env, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(e.stderr, "conform: "+ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(e.stderr, "conform: "+err.Error())
	return exitUsage
}

// flagSet is a command's flags plus its help text. Bad flags are usage errors in one line;
// --help prints the help on stdout and exits 0.
type flagSet struct {
	*flag.FlagSet
	help func()
}

func newFlags(e env, name, synopsis, about string) *flagSet {
	fs := flag.NewFlagSet("conform "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, help: func() {
		fmt.Fprintf(e.stdout, "Usage: conform %s %s\n\n%s\n\nFlags:\n", name, synopsis, about)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}}
}

// parse parses flags; --help prints usage and stops with exit 0, a bad flag is exit 2.
func parse(fs *flagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.help()
		return flag.ErrHelp
	}
	if err != nil {
		return usageErr("%s: %v (see %s --help)", fs.Name(), err, fs.Name())
	}
	return nil
}
