package main

import (
	"fmt"
	"github.com/conform-dev/conform/registry"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/conform-dev/conform/runfile"
)

func cmdResolve(e env, args []string) error {
	fs := newFlags(e, "resolve", "[--shell] [--workers N] [FILE|-]",
		"Reads runs (one JSON object, JSON Lines with one run per line, or YAML documents) from FILE\n"+
			"or standard input and prints one resolution JSON object per run, one per line, as soon as it\n"+
			"has it: memory stays flat whatever the input's size. Invalid runs are reported on stderr as\n"+
			"FILE:LINE: what is wrong; the others are still resolved, and the exit code is 2.")
	shell := fs.Bool("shell", false, "add a shell_html field with the rendered tenant shell hint")
	workers := fs.Int("workers", runtime.NumCPU(), "JSON Lines resolved on this many goroutines, 1 to 256 (output stays in input order)")
	regPath := registryFlag(fs)
	maxNodes := fs.Int("max-nodes", runfile.DefaultLimits.MaxNodes, "most values one YAML run may expand to, aliases included (1 to 100000000)")
	maxDepth := fs.Int("max-depth", runfile.DefaultLimits.MaxDepth, "deepest nesting of a YAML run's values (1 to 10000)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageErr("resolve takes at most one FILE, got %d", fs.NArg())
	}
	for _, err := range []error{inRange("max-nodes", *maxNodes, 1, 100_000_000), inRange("max-depth", *maxDepth, 1, 10_000),
		inRange("workers", *workers, 1, 256)} {
		if err != nil {
			return err
		}
	}
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	if src.Name != registry.BuiltinName {
		// A conform.yaml found in the working directory changes every answer: say so.
		fmt.Fprintf(e.stderr, "conform: resolving with the registry %s (%d families, %s)\n", src.Name, len(src.Registry.Families()), src.Digest[:19])
	}
	if os.Getenv("GOGC") == "" {
		// Streaming without end: a heap twice the live one, not five times, keeps RSS flat.
		defer debug.SetGCPercent(debug.SetGCPercent(200))
	}
	name, in := "stdin", e.stdin
	if p := fs.Arg(0); p != "" && p != "-" {
		f, err := os.Open(p)
		if err != nil {
			return usageErr("%v", err)
		}
		defer f.Close()
		name, in = p, f
	}
	stream := runfile.NewStream(name, in, runfile.Limits{MaxNodes: *maxNodes, MaxDepth: *maxDepth})
	bad, err := runfile.ResolveAll(e.ctx, stream, runfile.ResolveOptions{Registry: src.Registry, Shell: *shell, Workers: *workers},
		e.stdout, func(msg string) { fmt.Fprintln(e.stderr, "conform: "+msg) })
	if e.ctx.Err() != nil {
		return usageErr("interrupted")
	}
	if err != nil {
		return err
	}
	if rerr := stream.Err(); rerr != nil {
		return usageErr("reading %s: %v", name, rerr)
	}
	if bad > 0 {
		return &exitError{code: exitUsage}
	}
	return nil
}
