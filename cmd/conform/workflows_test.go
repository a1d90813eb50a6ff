package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/conform-dev/conform/internal/shard"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestCIWorkflowsParse: the GitHub and GitLab files docs/ci.md ships are YAML, and every
// conform command line in them is accepted by conform's own flags.
func TestCIWorkflowsParse(t *testing.T) {
	for _, file := range []string{"../../examples/ci/github-conform.yml", "../../examples/ci/gitlab-conform.yml"} {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		var doc any
		require.NoError(t, yaml.Unmarshal(raw, &doc), file)
		var lines []string
		collectCommands(doc, &lines)
		require.NotEmpty(t, lines, "%s has no conform command", file)
		for _, line := range lines {
			args := shellWords(t, expand(t, strings.TrimPrefix(line, "conform ")))
			// The command and its flags, then --help: every flag is parsed, nothing runs.
			check := []string{args[0]}
			for i := 1; i < len(args); i++ {
				if strings.HasPrefix(args[i], "-") {
					check = append(check, args[i])
					if !strings.Contains(args[i], "=") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") && takesValue(args[0], args[i]) {
						check = append(check, args[i+1])
						i++
					}
				}
			}
			for i, a := range check {
				if a == "--shard" && i+1 < len(check) {
					_, err := shard.Parse(check[i+1])
					assert.NoError(t, err, "%s: %q", file, line)
				}
			}
			code, _, errs := conform(t, "", append(check, "--help")...)
			assert.Equal(t, 0, code, "%s: %q: %s", file, line, errs)
		}
	}
}

// ciVariables are sample values of the variables the files' conform lines use, as the CI sets
// them; a variable not listed fails the test (its line could not be checked).
var ciVariables = map[string]string{"SHARD": "2", "GITHUB_RUN_ID": "8812345", "CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3",
	"CI_PIPELINE_ID": "77123", "RUNNER_TEMP": "/tmp", "GITHUB_STEP_SUMMARY": "/tmp/summary.md", "DATABASE_URL": "postgres://conform:conform@localhost:5432/conform",
	"AGAINST": "--against conform-state/main-record.json"}

func expand(t *testing.T, line string) string {
	return os.Expand(line, func(name string) string {
		v, ok := ciVariables[name]
		assert.True(t, ok, "%q uses $%s", line, name)
		return v
	})
}

// collectCommands finds the conform command lines in a workflow's strings.
func collectCommands(v any, out *[]string) {
	switch t := v.(type) {
	case map[string]any:
		for _, x := range t {
			collectCommands(x, out)
		}
	case []any:
		for _, x := range t {
			collectCommands(x, out)
		}
	case string:
		for _, l := range strings.Split(t, "\n") {
			if l = strings.TrimSpace(l); strings.HasPrefix(l, "conform ") {
				*out = append(*out, l)
			}
		}
	}
}

// takesValue reports whether a flag of a command takes a value (a boolean flag does not).
func takesValue(cmd, flagArg string) bool {
	name := strings.TrimLeft(flagArg, "-")
	var out strings.Builder
	Main(env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard}, []string{cmd, "--help"})
	return !strings.Contains(out.String(), "  --"+name+"\n")
}

// shellWords splits a command line as sh does for the quoting these files use.
func shellWords(t *testing.T, s string) []string {
	var words []string
	var cur strings.Builder
	quote, in := byte(0), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	require.Zero(t, quote, "unbalanced quotes in %q", s)
	if in {
		words = append(words, cur.String())
	}
	return words
}
