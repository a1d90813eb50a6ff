// Package owner marks what a conform process creates outside itself (scratch databases,
// containers) with who created it: the run, host, process and its start. A run killed with
// SIGKILL cannot clean up; its marks let a later `conform clean` (or the next run) tell what
// a dead run left behind from what a live run is using, and never touch anything unmarked.
//
// Its rule: a mark is written when the thing is created, and only what carries a mark of a dead
// owner is ever removed.
package owner
