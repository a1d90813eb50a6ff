// Package python names the Python interpreter the tests start (the example implementation,
// the mutants, the hostile programs): python3 resolved once to the binary it runs. A version
// manager's shim (pyenv's is a shell script) costs 0.4 s on every start, and the tests start
// Python hundreds of times.
//
// Its rule: resolving never fails a test; what cannot be resolved is started as python3.
package python
