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
	"regexp"
	"strings"
	"syscall"

	"github.com/conform-dev/conform/internal/reap"
	"github.com/conform-dev/conform/internal/shortlived"
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
		{"record", "write the record of a saved run: what ran, and the verdict of every check and requirement", cmdRecord},
		{"diff", "tell what changed between two saved runs: new failures, fixes, per requirement", cmdDiff},
		{"gaps", "write conform.gaps.yaml (the known gaps) from a saved run: conform gaps write", cmdGaps},
		{"compare", "draw the grid of implementations against the requirements from their records", cmdCompare},
		{"badge", "write a shields.io endpoint file from a record", cmdBadge},
		{"changes", "list what the releases of the standard added: conform changes vX..vY", cmdChanges},
		{"matrix", "print the traceability matrix; exit 1 when a requirement is uncovered", cmdMatrix},
		{"audit", "report persisted runs that would degrade, leak raw names or break the scope rules", cmdAudit},
		{"seed", "fill a scratch database with realistic runs for the audit", cmdSeed},
		{"clean", "remove the scratch databases and containers of conform runs that died", cmdClean},
		{"vectors", "export the vectors (run, shell and access) as JSON with stable ids", cmdVectors},
		{"docs", "render the generated tables of docs/standards.md from the contract", cmdDocs},
		{"serve-reference", "serve the reference contract over the adapter protocol on stdin/stdout", cmdServeReference},
		{"version", "print conform's version and the revision it was built from", cmdVersion},
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
	// conform is a short-lived process whose live heap is small (resolve, which streams
	// without end, collects more often to keep its memory flat).
	shortlived.Tune()
	// Descendants of an implementation that leave its process group and lose their parent
	// are reparented to conform, so they are found and ended below.
	_ = reap.Subreaper()
	// A reader that stops reading (`conform run | head`) must not end conform before it has
	// removed what it made: with SIGPIPE taken, a write to a closed stdout or stderr fails
	// with EPIPE instead of ending the process, and that failure ends the run as Ctrl-C does.
	// (A closed pipe to an adapter raises SIGPIPE too; its write fails the same way and is
	// the protocol client's to report, so the signal itself is dropped.)
	pipes := make(chan os.Signal, 1)
	signal.Notify(pipes, syscall.SIGPIPE)
	go func() {
		for range pipes {
		}
	}()
	stdout, stderr := &untilClosed{w: os.Stdout, closed: stop}, &untilClosed{w: os.Stderr, closed: stop}
	code := Main(env{ctx: ctx, stdin: os.Stdin, stdout: stdout, stderr: stderr}, os.Args[1:])
	stop()
	reap.EndOrphans()
	os.Exit(code)
}

// untilClosed writes to w until its reader has gone (EPIPE), then calls closed: what conform
// writes no one reads any more, so the run ends and cleans up.
type untilClosed struct {
	w      io.Writer
	closed func()
}

func (u *untilClosed) Write(p []byte) (int, error) {
	n, err := u.w.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		u.closed()
	}
	return n, err
}

// Main runs one command line and returns its exit code. Errors are printed as one line.
func Main(e env, args []string) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		printTopUsage(e.stdout)
		return exitOK
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version" || args[0] == "-v" || args[0] == "-V") {
		return exitCode(e, cmdVersion(e, args[1:]))
	}
	if len(args) > 0 && args[0] == "help" {
		if len(args) == 1 {
			printTopUsage(e.stdout)
			return exitOK
		}
		// conform help CMD is conform CMD --help.
		args = []string{args[1], "--help"}
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
	msg := fmt.Sprintf("unknown command %q", name)
	if near := suggest(name); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	}
	fmt.Fprintf(e.stderr, "conform: %s (see conform help)\n", msg)
	return exitUsage
}

// suggest is the command a mistyped one most likely meant: one or two letters off, or the
// start of a longer name; "" when none is close.
func suggest(name string) string {
	best, bestD := "", 1<<30
	for _, c := range commands() {
		if len(name) >= 3 && strings.HasPrefix(c.name, name) {
			return c.name
		}
		if d := editDistance(name, c.name); d < bestD {
			best, bestD = c.name, d
		}
	}
	if bestD <= max(1, len(best)/3) {
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance of two short words.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
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
	help       func()
	positional []string // the arguments among the flags (parse)
}

func newFlags(e env, name, synopsis, about string) *flagSet {
	fs := flag.NewFlagSet("conform "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, help: func() {
		fmt.Fprintf(e.stdout, "Usage: conform %s %s\n\n%s\n\nFlags:\n", name, synopsis, about)
		printFlags(e.stdout, fs)
	}}
}

// printFlags lists a command's flags the way the docs write them: --name VALUE, then what it
// does and its default.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if kind != "" {
			line += " " + kind
		}
		fmt.Fprintf(w, "%s\n    \t%s", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "-1" {
			fmt.Fprintf(w, " (default %q)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// parse parses flags; --help prints usage and stops with exit 0, a bad flag is exit 2.
// Flags and arguments may come in any order ("diff BASE HEAD --format json"); "--" ends the
// flags.
func parse(fs *flagSet, args []string) error {
	fs.positional = nil
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fs.help()
			return flag.ErrHelp
		}
		if err != nil {
			return usageErr("%s: %s (see %s --help)", fs.Name(), flagMessage(fs.FlagSet, err), fs.Name())
		}
		rest := fs.FlagSet.Args()
		if len(rest) == 0 {
			return nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			fs.positional = append(fs.positional, rest...) // after --, everything is an argument
			return nil
		}
		fs.positional = append(fs.positional, rest[0])
		args = rest[1:]
	}
}

// Args are the command's arguments, wherever they stood among its flags.
func (fs *flagSet) Args() []string { return fs.positional }

// NArg is how many arguments there are.
func (fs *flagSet) NArg() int { return len(fs.positional) }

// Arg is argument i, "" when there is none.
func (fs *flagSet) Arg(i int) string {
	if i < 0 || i >= len(fs.positional) {
		return ""
	}
	return fs.positional[i]
}

// inRange checks a number flag against its documented range, in one line.
func inRange[T int | int64](name string, v, lo, hi T) error {
	if v < lo || v > hi {
		return usageErr("--%s must be between %d and %d, got %d", name, lo, hi, v)
	}
	return nil
}

// flagMessage says what is wrong with a flag the way the docs write flags (--name), with the
// flag a mistyped one most likely meant, and the value a number flag could not read.
func flagMessage(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		name = strings.TrimLeft(name, "-")
		out := "unknown flag --" + name
		if near := nearestFlag(fs, name); near != "" {
			out += "; did you mean --" + near + "?"
		}
		return out
	}
	// "invalid value "abc" for flag -seed: parse error"
	if m := badValue.FindStringSubmatch(msg); m != nil {
		f := fs.Lookup(m[2])
		kind := "a value"
		if f != nil {
			k, _ := flag.UnquoteUsage(f)
			kind = map[string]string{"uint": "a whole number, 0 or more", "int": "a whole number", "float": "a number",
				"duration": "a duration such as 5s or 2m", "": "true or false", "int64": "a whole number"}[k]
			if kind == "" {
				kind = "a " + k
			}
		}
		why := m[3]
		switch {
		case strings.Contains(why, "parse error"), strings.Contains(why, "invalid syntax"):
			why = "not " + kind
		case strings.Contains(why, "out of range"):
			why = "out of range for " + kind
		}
		return fmt.Sprintf("--%s %s: %s", m[2], m[1], why)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "--" + strings.TrimLeft(name, "-") + " needs a value"
	}
	return strings.ReplaceAll(msg, " -", " --")
}

var badValue = regexp.MustCompile(`^invalid (?:boolean )?value ("[^"]*") for (?:flag )?-+([\w-]+): (.*)$`)

// nearestFlag is the flag a mistyped one most likely meant, or "".
func nearestFlag(fs *flag.FlagSet, name string) string {
	best, bestD := "", 1<<30
	fs.VisitAll(func(f *flag.Flag) {
		if len(name) >= 3 && strings.HasPrefix(f.Name, name) && bestD > 0 {
			best, bestD = f.Name, 0
			return
		}
		if d := editDistance(name, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	})
	if bestD <= max(1, len(best)/3) {
		return best
	}
	return ""
}
