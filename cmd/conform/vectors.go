package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/fixtures"
)

// vectorJSON is one exported vector, for runners in other languages that want data, not a
// process. The id never changes once released.
type vectorJSON struct {
	ID     string              `json:"id"`
	Reason string              `json:"reason"`
	Run    contract.Run        `json:"run"`
	Want   contract.Resolution `json:"want"`
}

func cmdVectors(e env, args []string) error {
	flags := newFlags(e, "vectors", "[--out DIR] [--fixtures DIR]",
		"Exports the run vectors as JSON: one JSON object per line on stdout, or with --out one file\n"+
			"per vector at DIR/<id>.json (ids such as phased/capture-fetching never change once released).")
	out := flags.String("out", "", "write one DIR/<id>.json per vector instead of JSON Lines on stdout")
	dir := flags.String("fixtures", "", "export the vectors of this directory instead of the embedded ones")
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErr("vectors takes no arguments, got %q", flags.Arg(0))
	}
	fsys := fixtures.Embedded()
	if *dir != "" {
		if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
			return usageErr("--fixtures: %s is not a directory", *dir)
		}
		fsys = os.DirFS(*dir)
	}
	vs, err := fixtures.Load(fsys)
	if err != nil {
		return usageErr("%v", err)
	}
	if *out == "" {
		w := bufio.NewWriter(e.stdout)
		defer w.Flush()
		enc := json.NewEncoder(w)
		for _, v := range vs {
			if err := enc.Encode(vectorJSON{v.ID, v.Reason, v.Run, v.Want}); err != nil {
				return err
			}
		}
		return nil
	}
	for _, v := range vs {
		raw, err := json.MarshalIndent(vectorJSON{v.ID, v.Reason, v.Run, v.Want}, "", "  ")
		if err != nil {
			return err
		}
		path := filepath.Join(*out, filepath.FromSlash(v.ID)+".json")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return usageErr("%v", err)
		}
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			return usageErr("%v", err)
		}
	}
	return nil
}
