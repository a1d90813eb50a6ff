package python

import (
	"os/exec"
	"strings"
	"sync"
)

// Interpreter is the path of the interpreter python3 runs, or "python3" when it cannot be
// told (no python3, or a path that would need quoting in a command line).
var Interpreter = sync.OnceValue(func() string {
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if p := strings.TrimSpace(string(out)); err == nil && p != "" && !strings.ContainsAny(p, " '\"$`\\") {
		return p
	}
	return "python3"
})
