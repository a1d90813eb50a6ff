package main

import (
	"github.com/conform-dev/conform/docs"
	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/standards"
)

func cmdDocs(e env, args []string) error {
	fs := newFlags(e, "docs", "[--registry FILE] [--file PATH] [--write | --check]",
		"Renders the written standard with its generated tables (families, phase vocabulary, copy,\n"+
			"lifecycle, shell examples, audit rules) from the contract and the registry in force.\n"+
			"Without --write or --check it prints the rendered document. With --registry, the tables are\n"+
			"the application's own: `conform docs --registry app.yaml > docs/progress-standard.md`.\n"+
			"The document is docs/standards.md when it exists here, else the standard conform carries.")
	file := fs.String("file", "", "the document to render (default: docs/standards.md here, else the embedded standard)")
	write := fs.Bool("write", false, "rewrite --file in place")
	check := fs.Bool("check", false, "exit 1 when the document differs from what the contract and registry say")
	follow := fs.Bool("report-follow-symlinks", false, "let --write write through --file when it is a symbolic link (refused by default)")
	regPath := registryFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *write && *check {
		return usageErr("--write and --check contradict each other")
	}
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	path, doc := *file, docs.Standards
	if path == "" {
		if raw, err := safefile.ReadBounded("docs/standards.md", maxStandard); err == nil {
			path, doc = "docs/standards.md", raw
		} else if *write {
			return usageErr("--write needs --file outside a conform checkout")
		} else {
			path = "the embedded standard"
		}
	} else if doc, err = safefile.ReadBounded(path, maxStandard); err != nil {
		return usageErr("%v", err)
	}
	if *check {
		if err := standards.VerifyFor(doc, src.Registry); err != nil {
			return violation("%s: %v", path, err)
		}
		return nil
	}
	out, err := standards.RenderFor(doc, src.Registry)
	if err != nil {
		return usageErr("%s: %v", path, err)
	}
	if *write {
		if err := safefile.WriteFile(path, out, *follow); err != nil {
			return usageErr("%v", err)
		}
		return nil
	}
	_, err = e.stdout.Write(out)
	return err
}

// maxStandard bounds a written standard conform reads (docs/standards.md is 40 KB).
const maxStandard = 8 << 20
