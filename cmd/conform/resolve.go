package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/runio"
)

func cmdResolve(e env, args []string) error {
	fs := newFlags(e, "resolve", "[--shell] [FILE|-]",
		"Reads runs (one JSON object, JSON Lines with one run per line, or YAML documents) from FILE\n"+
			"or standard input and prints one resolution JSON object per run, one per line.\n"+
			"Invalid runs are reported on stderr as FILE:LINE: what is wrong; the others are still\n"+
			"resolved, and the exit code is 2.")
	shell := fs.Bool("shell", false, "add a shell_html field with the rendered tenant shell hint")
	regPath := registryFlag(fs)
	maxNodes := fs.Int("max-nodes", runio.DefaultLimits.MaxNodes, "most values one YAML run may expand to, aliases included")
	maxDepth := fs.Int("max-depth", runio.DefaultLimits.MaxDepth, "deepest nesting of a YAML run's values")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageErr("resolve takes at most one FILE, got %d", fs.NArg())
	}
	if *maxNodes < 1 || *maxDepth < 1 {
		return usageErr("--max-nodes and --max-depth must be at least 1")
	}
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	name, data, err := readInput(e, fs.Arg(0))
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	bad := 0
	for _, item := range runio.ReadWithin(name, data, runio.Limits{MaxNodes: *maxNodes, MaxDepth: *maxDepth}) {
		if item.Err != nil {
			bad++
			out.Flush()
			fmt.Fprintln(e.stderr, "conform: "+item.Err.Error())
			continue
		}
		if err := writeResolution(out, src.Registry, item.Run, *shell); err != nil {
			return err
		}
	}
	if bad > 0 {
		return &exitError{code: exitUsage}
	}
	return nil
}

// writeResolution prints one resolution as a JSON line; with shell it adds shell_html.
func writeResolution(w io.Writer, reg *contract.Registry, run contract.Run, shell bool) error {
	res := reg.Resolve(run)
	raw, err := json.Marshal(res)
	if err != nil {
		return err
	}
	if shell {
		// The resolution's own fields, then shell_html, written without HTML escaping so
		// the fragment stays readable.
		var html bytes.Buffer
		enc := json.NewEncoder(&html)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(reg.Present(run, res).HTML()); err != nil {
			return err
		}
		raw = append(append(raw[:len(raw)-1], `,"shell_html":`...), bytes.TrimSpace(html.Bytes())...)
		raw = append(raw, '}')
	}
	_, err = fmt.Fprintf(w, "%s\n", raw)
	return err
}

// readInput reads FILE, or standard input for "" and "-".
func readInput(e env, path string) (string, []byte, error) {
	if path == "" || path == "-" {
		data, err := io.ReadAll(e.stdin)
		if err != nil {
			return "", nil, usageErr("reading stdin: %v", err)
		}
		return "stdin", data, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, usageErr("%v", err)
	}
	return path, data, nil
}
