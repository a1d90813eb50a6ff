package main

import (
	"fmt"
	"runtime/debug"
)

// buildVersion is conform's version: the module version it was installed at (go install
// ...@v1.2.3), or the -X main.version flag, and the VCS revision it was built from.
func buildVersion() (string, string) {
	v, rev := version, ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		dirty := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty && rev != "" {
			rev += "+dirty"
		}
	}
	return v, rev
}

func cmdVersion(e env, args []string) error {
	fs := newFlags(e, "version", "", "Prints conform's version and the revision it was built from.")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("version takes no arguments")
	}
	v, rev := buildVersion()
	if rev == "" {
		rev = "built without version stamping: make build, or go install github.com/conform-dev/conform/cmd/conform@VERSION"
	}
	fmt.Fprintf(e.stdout, "conform %s (%s)\n", v, rev)
	return nil
}
