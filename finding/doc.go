// Package finding turns a run's failed checks into findings: one per root cause, told to the
// application developer who must act. A check that fails carries Problems (the rule it broke,
// the input it sent, what came and what was wanted, how to replay it); Group folds the
// problems of a run by rule into findings, each with its count and its smallest example,
// ordered so that the first one shown is the one to fix: the protocol first (nothing else can
// be judged through a broken answer), then the vectors, then the scenarios, then the sweep.
//
// Its rule: every format (console, Markdown, HTML, JUnit, GitHub) leads with the same
// findings, made here; the advice in them is for the application developer.
package finding
