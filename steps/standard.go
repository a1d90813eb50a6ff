package steps

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/conform-dev/conform/docs"
	"github.com/conform-dev/conform/standards"
)

// The written standard as maintainers read it (US4): conform's embedded docs/standards.md, or
// the application's own standard (--standard, or standard: in conform.yaml; spec 272 names
// docs/ui/tenantpilot-enterprise-ui-standards.md). An application writes its standard in its own
// words, so the checks are of facts, not of sentences: a block of the document (a paragraph, a
// list item, a table row) that names what the fact is about, with the words that say it.

func standardSteps(d *definitions) {
	step(d, `^the written standard$`, func(ctx context.Context) error {
		w := world(ctx)
		w.standard = w.cfg.Standard
		if w.standard == nil {
			w.standard = docs.Standards
		}
		return expect(len(bytes.TrimSpace(w.standard)) > 0, "the written standard (%s) is empty", w.cfg.standardName())
	})
	check(d, "standard", `^the standard agrees with the registry$`, standardAgrees)
	check(d, "standard", `^the standard says (.+) with "([^"]*)"$`, standardSays)
	check(d, "standard", `^the standard keeps "([^"]*)" out of this slice$`, standardExcludes)
	check(d, "standard", `^the standard lists every phase label of the registry$`, standardListsVocabulary)
	check(d, "standard", `^the standard lists "([^"]*)" as "([^"]*)" in scope "([^"]*)"$`, standardListsFamily)
}

// standardName is what the scenarios read as the standard.
func (c Config) standardName() string {
	if c.StandardName != "" {
		return c.StandardName
	}
	return "conform's embedded docs/standards.md"
}

var (
	space    = regexp.MustCompile(`\s+`)
	numbered = regexp.MustCompile(`^\d+\. `)
)

// blocks are the document's paragraphs, list items and table rows, lower-cased, markup and
// line breaks removed. The embedded standard's are computed once per process.
func blocks(doc []byte) []string {
	if bytes.Equal(doc, docs.Standards) {
		return embeddedBlocks()
	}
	return readBlocks(doc)
}

var embeddedBlocks = sync.OnceValue(func() []string { return readBlocks(docs.Standards) })

func readBlocks(doc []byte) []string {
	var out []string
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, norm(strings.Join(para, " ")))
			para = nil
		}
	}
	for _, line := range strings.Split(string(doc), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "|") || strings.HasPrefix(t, "#"):
			flush()
			out = append(out, norm(t))
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || numbered.MatchString(t):
			flush()
			para = append(para, t)
		default:
			para = append(para, t)
		}
	}
	flush()
	return out
}

func norm(s string) string {
	return strings.ToLower(space.ReplaceAllString(strings.ReplaceAll(strings.ReplaceAll(s, "**", ""), "`", ""), " "))
}

// terms are "a|b, c": every comma-separated part must appear, each as one of its
// |-alternatives.
func holds(block, terms string) bool {
	for _, part := range strings.Split(terms, ",") {
		found := false
		for _, alt := range strings.Split(part, "|") {
			if alt = strings.ToLower(strings.TrimSpace(alt)); alt != "" && strings.Contains(block, alt) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func findBlock(doc []byte, terms string) string {
	for _, b := range blocks(doc) {
		if holds(b, terms) {
			return b
		}
	}
	return ""
}

// standardSays: some block of the standard holds every term of a fact.
func standardSays(ctx context.Context, fact, terms string) error {
	w := world(ctx)
	return expect(findBlock(w.standard, terms) != "", "got %s with no paragraph, list item or table row saying %s (%s), want one that does",
		w.cfg.standardName(), fact, quoteTerms(terms))
}

func quoteTerms(terms string) string {
	var q []string
	for _, part := range strings.Split(terms, ",") {
		q = append(q, fmt.Sprintf("%q", strings.TrimSpace(part)))
	}
	return strings.Join(q, " and ")
}

// negations are how a standard keeps something out.
const negations = "no |not |never|out of|excluded|non-goal|deferred|follow-up|without|outside"

// standardExcludes: some block names the idea together with a negation.
func standardExcludes(ctx context.Context, idea string) error {
	w := world(ctx)
	return expect(findBlock(w.standard, idea+","+negations) != "", "got %s with no block that keeps %s out of this slice (%s with a negation), want one that does",
		w.cfg.standardName(), idea, quoteTerms(idea))
}

// standardAgrees: conform's embedded standard is generated from the contract and must agree
// with it block for block; an application's names every family of its registry with its claim
// and every phase label.
func standardAgrees(ctx context.Context) error {
	w := world(ctx)
	if w.cfg.Standard == nil {
		// conform's embedded standard describes spec 272's registry, whatever registry the
		// implementation is held to.
		return standards.Verify(w.standard)
	}
	for _, f := range w.cfg.registry().Families() {
		if findBlock(w.standard, strings.ToLower(f.Type)+","+string(f.Claim)) == "" {
			return fmt.Errorf("%s does not name the family %s with its claim %s in one block", w.cfg.standardName(), f.Type, f.Claim)
		}
	}
	return standardListsVocabulary(ctx)
}

func standardListsVocabulary(ctx context.Context) error {
	w := world(ctx)
	for _, f := range w.cfg.registry().Families() {
		for _, pl := range f.Phases {
			if findBlock(w.standard, pl.Label) == "" {
				return fmt.Errorf("%s does not list the label %q of the %s phase of %s", w.cfg.standardName(), pl.Label, pl.Phase, f.Type)
			}
		}
	}
	return nil
}

func standardListsFamily(ctx context.Context, fam, claim, scope string) error {
	w := world(ctx)
	if findBlock(w.standard, fam) == "" {
		return fmt.Errorf("%s does not name %s", w.cfg.standardName(), fam)
	}
	return expect(findBlock(w.standard, fam+","+claim+","+scope) != "", "%s names %s, but no block gives its claim %q and scope %q",
		w.cfg.standardName(), fam, claim, scope)
}
