// Package suite runs the features with godog against one implementation and one kind of
// store. `go test` and `conform run` both go through it, with Strict on: an undefined,
// pending or ambiguous step fails the run.
//
// Its rule: it is the one place that wires features, steps, a store and a subject together; `go
// test` and `conform run` both go through Run, and Conform is the whole of `conform run`.
package suite
