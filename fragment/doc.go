// Package fragment reads a shell hint fragment the way conformance reads it (docs/standards.md,
// "The shell hint"): the visible text, the bar and its value, any percent sign, the controls
// and the link targets. Exact markup and class names are free, so two fragments that read the
// same are the same to an operator; the steps, the shell vectors and the differential sweep all
// compare fragments through this one reading.
//
// Its rule: it is the one reading of a hint fragment; steps, vectors and the sweep all go
// through it.
package fragment
