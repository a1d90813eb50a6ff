// Package mutants holds in-process wrong implementations of the contract, each the reference
// with one rule broken. The tests run the suite against every one and must reject it: a
// conformance suite is only as good as the wrong implementations it catches.
//
// Its rule: each mutant breaks exactly one rule, and the tests show the suite rejecting every
// one.
package mutants
