package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/sweep"

	"github.com/conform-dev/conform/vectors"
)

func cmdVectors(e env, args []string) error {
	if len(args) > 0 && args[0] == "promote" {
		return cmdPromote(e, args[1:])
	}
	flags := newFlags(e, "vectors", "[--out DIR] [--fixtures DIR]",
		"Exports the vectors as JSON (run, shell and access vectors; see \"kind\"): one JSON object per line on stdout, or with --out one file\n"+
			"per vector at DIR/<id>.json (ids such as phased/capture-fetching never change once released).\n"+
			"conform vectors promote KEPT.json --id NAME --reason TEXT turns a divergence the sweep kept into\n"+
			"a vector of the application (see conform vectors promote --help).")
	out := flags.String("out", "", "write one DIR/<id>.json per vector instead of JSON Lines on stdout")
	dir := flags.String("fixtures", "", "export the vectors of this directory instead of the embedded ones")
	regPath := registryFlag(flags)
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErr("vectors takes no arguments, got %q", flags.Arg(0))
	}
	fsys := vectors.Embedded()
	if *dir != "" {
		if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
			return usageErr("--fixtures: %s is not a directory", *dir)
		}
		fsys = os.DirFS(*dir)
	}
	vs, err := vectors.Load(fsys)
	if err != nil {
		return usageErr("%v", err)
	}
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	vs = append(vectors.ForSettings(vs, src.Registry), vectors.ForRegistry(src.Registry)...)
	if *out == "" {
		return protocol.ExportVectors(e.stdout, vs)
	}
	if err := protocol.ExportVectorsDir(*out, vs); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

func cmdPromote(e env, args []string) error {
	fs := newFlags(e, "vectors promote", "KEPT.json --id NAME --reason TEXT [--out DIR]",
		"Turns a divergence the sweep kept (a corpus entry: REPORT/corpus/*.json, or a --sweep-corpus\n"+
			"directory's) into a vector of the application: DIR/CATEGORY/NAME.yaml, wanting what the\n"+
			"reference answers with the registry in force. conform run checks the vectors of DIR (--vectors\n"+
			"DIR, or vectors: DIR in conform.yaml) beside its own, as CATEGORY/NAME.")
	id := fs.String("id", "", "the vector's name, lowercase words joined by - (its ID is CATEGORY/NAME)")
	reason := fs.String("reason", "", "why the vector holds: what the standard says of this run")
	out := fs.String("out", "", "the application's vectors directory (default: vectors: in conform.yaml)")
	regPath := registryFlag(fs)
	follow := fs.Bool("report-follow-symlinks", false, "let the vector's path be a symbolic link (refused by default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("vectors promote takes one corpus entry (KEPT.json), got %d", fs.NArg())
	}
	if !vectorName.MatchString(*id) {
		return usageErr("--id: want lowercase words joined by - (such as capture-stale-phase), got %q", *id)
	}
	if strings.TrimSpace(*reason) == "" {
		return usageErr("--reason: a vector says why it holds")
	}
	data, err := safefile.ReadBounded(fs.Arg(0), sweep.MaxKept)
	if err != nil {
		return usageErr("%v", err)
	}
	kept, err := sweep.ParseKept(fs.Arg(0), data)
	if err != nil {
		return usageErr("%v", err)
	}
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	if *out == "" {
		*out = src.Vectors
	}
	if *out == "" {
		return usageErr("--out: name the application's vectors directory (or vectors: in conform.yaml)")
	}
	path, doc, err := sweep.Pin(e.ctx, kept, src.Registry, *id, *reason)
	if err != nil {
		return usageErr("%s: %v", fs.Arg(0), err)
	}
	target := filepath.Join(*out, filepath.FromSlash(path))
	if _, err := os.Lstat(target); err == nil {
		return usageErr("%s exists: give the vector another --id", target)
	}
	if v, err := vectors.Parse(path, []byte(doc)); err != nil {
		return fmt.Errorf("the vector made of %s does not parse: %v", fs.Arg(0), err) // a defect of conform's
	} else if std, err := vectors.LoadEmbedded(); err == nil {
		if _, err := vectors.WithApplication(std, []vectors.Vector{v}); err != nil {
			return usageErr("%v", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return usageErr("--out: %v", err)
	}
	if err := safefile.WriteFile(target, []byte(doc), *follow); err != nil {
		return usageErr("--out: %v", err)
	}
	fmt.Fprintf(e.stderr, "conform: vector %s written to %s; conform run --vectors %s checks it\n", strings.TrimSuffix(path, ".yaml"), target, *out)
	return nil
}

var vectorName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
