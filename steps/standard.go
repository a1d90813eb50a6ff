package steps

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/docs"
	"github.com/conform-dev/conform/internal/standards"
)

// The written standard as maintainers read it (US4).

func standardSteps(d *definitions) {
	step(d, `^the written standard$`, func(ctx context.Context) error {
		world(ctx).standard = docs.Standards
		return expect(len(docs.Standards) > 0, "the written standard is empty")
	})
	step(d, `^the standard agrees with the reference contract$`, func(ctx context.Context) error {
		return standards.Check(world(ctx).standard)
	})
	step(d, `^the standard states "([^"]*)"$`, standardStates)
	step(d, `^the standard explains "([^"]*)"$`, standardStates)
	step(d, `^the standard lists every phase label of the reference contract$`, standardListsVocabulary)
	step(d, `^the standard lists "([^"]*)" as "([^"]*)" in scope "([^"]*)"$`, standardListsFamily)
}

var markup = regexp.MustCompile("\\*\\*|`")
var space = regexp.MustCompile(`\s+`)

// prose is the standard as read: markup and line breaks removed. The embedded standard's is
// computed once per process: every US4 scenario reads it.
func prose(doc []byte) string {
	if bytes.Equal(doc, docs.Standards) {
		return embeddedProse()
	}
	return readProse(doc)
}

var embeddedProse = sync.OnceValue(func() string { return readProse(docs.Standards) })

func readProse(doc []byte) string {
	return space.ReplaceAllString(markup.ReplaceAllString(string(doc), ""), " ")
}

func standardStates(ctx context.Context, sentence string) error {
	return expect(strings.Contains(prose(world(ctx).standard), sentence), "the standard does not state %q", sentence)
}

func standardListsVocabulary(ctx context.Context) error {
	doc := string(world(ctx).standard)
	for fam, labels := range contract.Vocabulary {
		for _, pl := range labels {
			row := "| `" + fam + "` | `" + string(pl.Phase) + "` | " + pl.Label + " |"
			if !strings.Contains(doc, row) {
				return expect(false, "the standard has no row %q", row)
			}
		}
	}
	return nil
}

func standardListsFamily(ctx context.Context, fam, claim, scope string) error {
	for _, line := range strings.Split(string(world(ctx).standard), "\n") {
		if strings.HasPrefix(line, "| `"+fam+"` |") {
			return expect(strings.Contains(line, "| `"+claim+"` | "+scope+" |"),
				"the standard lists %s as %q, want claim %q in scope %q", fam, line, claim, scope)
		}
	}
	return expect(false, "the standard does not list %s", fam)
}
