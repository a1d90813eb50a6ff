package steps

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/conform-dev/conform/features"
	messages "github.com/cucumber/messages/go/v34"
)

// stepLine is a step of a feature file: its keyword, then its text.
var stepLine = regexp.MustCompile(`^\s*(?:Given|When|Then|And|But|\*) (.+)$`)

// TestDefinitionsForMatchesEveryDefinitionThatMatches: for each step of the standard's
// features, and texts that match no definition or almost one, definitionsFor gives exactly
// the definitions whose pattern matches the text, as godog given all of them would find
// them (its cheap prefix test never drops one).
func TestDefinitionsForMatchesEveryDefinitionThatMatches(t *testing.T) {
	texts := []string{"a step nobody defined", "", "the response is", "the response is 404 ", `"frank" opens the run`}
	err := fs.WalkDir(features.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".feature") {
			return err
		}
		raw, err := fs.ReadFile(features.FS(), p)
		for _, line := range strings.Split(string(raw), "\n") {
			if m := stepLine.FindStringSubmatch(line); m != nil {
				texts = append(texts, m[1])
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 200 {
		t.Fatalf("only %d step texts read from the features", len(texts))
	}
	matched := 0
	for _, text := range texts {
		got := definitionsFor(&messages.Pickle{Steps: []*messages.PickleStep{{Text: text}}})
		var want []string
		for _, d := range all().list {
			if d.re.MatchString(text) {
				want = append(want, d.re.String())
			}
		}
		var gotPatterns []string
		for _, d := range got {
			gotPatterns = append(gotPatterns, d.re.String())
		}
		if strings.Join(gotPatterns, "\n") != strings.Join(want, "\n") {
			t.Errorf("%q: got %q, want %q", text, gotPatterns, want)
		}
		if len(want) > 0 {
			matched++
		}
	}
	if matched < len(texts)/2 {
		t.Errorf("only %d of %d texts match a definition: the test reads the features wrong", matched, len(texts))
	}
}
