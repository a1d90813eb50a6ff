// Package vectors reads the language-neutral vectors (fixtures/runs/: run, shell and access
// vectors) and writer scenarios (fixtures/writers/), a directory of an application's own, and
// the vectors a registry calls for; it exports them as JSON for implementations' own tests.
//
// Its rule: a vector is read strictly, errors name its file, line and field; what a vector wants
// is data, never computed by the code that checks it.
package vectors
