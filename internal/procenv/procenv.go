// Package procenv sets the environment variables conform needs for itself (the container
// library's settings) without handing them to the programs it starts: an implementation's
// adapter, an application's migrations get the environment the user gave conform.
//
// Its rule: what conform sets for itself stays out of its children's environment.
package procenv

import (
	"os"
	"strings"
	"sync"
)

var (
	mu  sync.Mutex
	own = map[string]bool{}
)

// SetDefault sets a variable the user did not set, for conform itself, and remembers it as
// conform's own. A variable the user set is left as it is.
func SetDefault(name, value string) {
	mu.Lock()
	defer mu.Unlock()
	if _, set := os.LookupEnv(name); set {
		return
	}
	if os.Setenv(name, value) == nil {
		own[name] = true
	}
}

// ForChildren is the environment for a program conform starts: its own, less what conform set
// for itself.
func ForChildren() []string {
	mu.Lock()
	defer mu.Unlock()
	env := os.Environ()
	out := env[:0:0]
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !own[name] {
			out = append(out, kv)
		}
	}
	return out
}
