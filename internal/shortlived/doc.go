// Package shortlived tunes the garbage collector of a process that lives seconds and keeps a
// small live heap (conform run, and the test binaries that run the suite many times):
// collecting less often saves a fifth of such a process's CPU; and the parallelism of test
// binaries whose tests wait more than they compute.
//
// Its rule: GOGC, when the environment sets it, decides.
package shortlived
