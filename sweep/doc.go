// Package sweep is the differential sweep: it generates runs and actors over the whole input
// space docs/standards.md talks about (every family and unknown ones, every status and outcome
// and odd spellings of them, contexts and summary_counts of every JSON shape, counts at every
// edge, phase keys in and out of the vocabulary, composite counts complete, partial,
// inconsistent and absent, every kind of actor), puts each case to the implementation and to
// the reference, and compares the answers property by property: the resolution field by
// field, the status, the shell fragment as conformance reads it (package fragment) and the
// tenant shell's listing. Every answer must also keep the standard's invariants.
//
// The first case that diverges on a property is shrunk to a minimal run and actor that still
// diverge on it, and reported with both answers and the YAML of a vector that pins it. Case i
// of seed s is always the same case, so a failure is reproduced from its seed.
//
// Its rule: case i of seed s is always the same case, so any failure replays from its seed and
// index.
package sweep
