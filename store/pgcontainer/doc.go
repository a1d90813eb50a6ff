// Package pgcontainer starts one PostgreSQL container per process with testcontainers-go and
// removes it at the end, even on failure or Ctrl-C (the caller defers Terminate and cancels
// on signals; the reaper is not needed and often cannot be pulled).
//
// Its rule: every container it starts carries conform's label and owner mark, and is removed by
// Terminate or, after a crash, by conform clean.
package pgcontainer
