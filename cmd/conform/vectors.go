package main

import (
	"os"

	"github.com/conform-dev/conform/fixtures"
)

func cmdVectors(e env, args []string) error {
	flags := newFlags(e, "vectors", "[--out DIR] [--fixtures DIR]",
		"Exports the vectors as JSON (run, shell and access vectors; see \"kind\"): one JSON object per line on stdout, or with --out one file\n"+
			"per vector at DIR/<id>.json (ids such as phased/capture-fetching never change once released).")
	out := flags.String("out", "", "write one DIR/<id>.json per vector instead of JSON Lines on stdout")
	dir := flags.String("fixtures", "", "export the vectors of this directory instead of the embedded ones")
	regPath := registryFlag(flags)
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
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	vs = append(fixtures.ForSettings(vs, src.Registry), fixtures.ForRegistry(src.Registry)...)
	if *out == "" {
		return fixtures.WriteJSONLines(e.stdout, vs)
	}
	if err := fixtures.WriteDir(*out, vs); err != nil {
		return usageErr("%v", err)
	}
	return nil
}
