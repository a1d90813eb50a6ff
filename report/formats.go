package report

import "strings"

// Outputs are the formats conform writes itself from the cucumber JSON of a run, in place of
// godog's: JUnit (skips as skips, requirement properties) and Markdown.
type Outputs struct {
	JUnit    []string // paths; "" is stdout
	Markdown []string
	GitHub   []string // workflow commands: one ::error annotation per failure
	Record   []string // the run's record (package record)
}

// Any reports whether any output was asked for.
func (o Outputs) Any() bool { return len(o.JUnit)+len(o.Markdown)+len(o.GitHub)+len(o.Record) > 0 }

// SplitFormat separates conform's own formats from the ones godog writes.
func SplitFormat(format string) (godog string, o Outputs) {
	var rest []string
	for _, part := range strings.Split(format, ",") {
		name, path, _ := strings.Cut(part, ":")
		switch name {
		case "junit":
			o.JUnit = append(o.JUnit, path)
		case "markdown":
			o.Markdown = append(o.Markdown, path)
		case "github":
			o.GitHub = append(o.GitHub, path)
		case "record":
			o.Record = append(o.Record, path)
		default:
			rest = append(rest, part)
		}
	}
	return strings.Join(rest, ","), o
}
