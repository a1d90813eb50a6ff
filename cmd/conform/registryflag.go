package main

import (
	"fmt"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/registry"
)

// registryFlag adds --registry to a command: the application's registry file; without it
// conform.yaml in the working directory, else the built-in spec 272 registry.
func registryFlag(fs *flagSet) *string {
	return fs.String("registry", "", "the application's registry of run families (default: ./"+registry.DefaultFile+" if present, else the built-in spec 272 registry)")
}

// loadRegistry finds the registry in force; an error is a usage error naming file:line.
func loadRegistry(e env, flag string, announce bool) (registry.Source, error) {
	src, err := registry.Find(flag)
	if err != nil {
		return src, usageErr("%v", err)
	}
	if announce && src.Name != registry.BuiltinName {
		fmt.Fprintf(e.stderr, "conform: registry %s (%d families, %s)\n", src.Name, len(src.Registry.Families()), src.Digest[:19])
		for _, f := range contract.Builtin.Families() {
			if mine := src.Registry.Lookup(f.Type); mine.Label != f.Label || mine.Claim != f.Claim {
				fmt.Fprintf(e.stderr, "conform: the registry says %s is %q (%s), spec 272 says %q (%s): the fixed scenarios and vectors about it hold to spec 272, the sweep to the registry\n",
					f.Type, mine.Label, mine.Claim, f.Label, f.Claim)
			}
		}
	}
	return src, nil
}
