package main

import (
	"io/fs"

	"github.com/conform-dev/conform/internal/safefile"

	"github.com/conform-dev/conform/features"
	"github.com/conform-dev/conform/matrix"
	"github.com/conform-dev/conform/steps"
)

func cmdMatrix(e env, args []string) error {
	flags := newFlags(e, "matrix", "[--format text|markdown|json] [--features DIR] [--requirements FILE]",
		"Prints, for every requirement ID of spec 272, the scenarios that cover it. Exits 1 when an\n"+
			"executable requirement is uncovered, a tag names an unknown ID, or a scenario covers nothing.")
	format := flags.String("format", "text", "text, markdown or json")
	dir := flags.String("features", "", "read the features of this directory instead of the embedded ones")
	reqFile := flags.String("requirements", "", "read the requirement IDs from this file instead of the embedded list")
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErr("matrix takes no arguments, got %q", flags.Arg(0))
	}
	switch *format {
	case "text", "markdown", "json":
	default:
		return usageErr("--format must be text, markdown or json, got %q", *format)
	}
	var fsys fs.FS
	if *dir != "" {
		var err error
		if fsys, err = featureDir(*dir); err != nil {
			return err
		}
	}
	if fsys == nil {
		fsys = features.FS()
	}
	name, data := "features/requirements.yaml", features.Requirements
	if *reqFile != "" {
		var err error
		if data, err = safefile.ReadBounded(*reqFile, maxRequirements); err != nil {
			return usageErr("--requirements: %v", err)
		}
		name = *reqFile
	}
	m, err := matrix.LoadWith(fsys, name, data, steps.DrivesWriters)
	if err != nil {
		return usageErr("%v", err)
	}
	if err := matrix.Write(e.stdout, *m, *format); err != nil {
		return err
	}
	if !m.OK() {
		return violation("the matrix has gaps: %d uncovered, %d unknown tags, %d scenarios covering nothing",
			len(m.Uncovered), len(m.UnknownTags), len(m.Untagged))
	}
	return nil
}

// maxRequirements bounds a --requirements file: spec 272's list is a few kilobytes.
const maxRequirements = 4 << 20
