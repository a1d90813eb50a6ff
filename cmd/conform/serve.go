package main

import (
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/subject"
)

// version is set at build time with -ldflags "-X main.version=..."; "dev" otherwise.
var version = "dev"

func cmdServeReference(e env, args []string) error {
	fs := newFlags(e, "serve-reference", "",
		"Serves the reference contract as an adapter process: one JSON request per line on stdin,\n"+
			"one JSON response per line on stdout (docs/adapter-protocol.md). Useful to test the protocol\n"+
			"end to end: conform run --impl \"conform serve-reference\".")
	regPath := registryFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("serve-reference takes no arguments")
	}
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	info := protocol.Identity{Name: "conform reference", Language: "go", Version: version}
	// A registry in the start request takes the place of this one.
	return protocol.Serve(e.ctx, e.stdin, e.stdout, e.stderr, subject.Reference{Registry: src.Registry}, info)
}
