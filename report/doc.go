// Package report turns a run's cucumber JSON (godog's own format, with the observations steps
// attach to failures) into what people read: a self-contained HTML report, a Markdown summary
// for CI step summaries, and JUnit XML that CI test tabs understand (skips as skips,
// requirement tags as properties).
//
// Its rule: it reads a finished run (cucumber JSON) and writes; it never runs anything, and
// never trusts the implementation's fragment as HTML.
package report
