package main

import (
	"os"

	"github.com/conform-dev/conform/internal/standards"
)

func cmdDocs(e env, args []string) error {
	fs := newFlags(e, "docs", "[--write | --check] [--file PATH]",
		"Renders the generated tables of the written standard from the reference contract.\n"+
			"Without --write or --check it prints the rendered document.")
	file := fs.String("file", "docs/standards.md", "the standard to render")
	write := fs.Bool("write", false, "rewrite the file in place")
	check := fs.Bool("check", false, "exit 1 when the file differs from the contract")
	if err := parse(fs, args); err != nil {
		return err
	}
	doc, err := os.ReadFile(*file)
	if err != nil {
		return usageErr("%v", err)
	}
	if *check {
		if err := standards.Check(doc); err != nil {
			return violation("%s: %v", *file, err)
		}
		return nil
	}
	out, err := standards.Render(doc)
	if err != nil {
		return usageErr("%s: %v", *file, err)
	}
	if *write {
		if err := os.WriteFile(*file, out, 0o644); err != nil {
			return usageErr("%v", err)
		}
		return nil
	}
	_, err = e.stdout.Write(out)
	return err
}
