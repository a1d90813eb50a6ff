// Package reap finds and ends the processes an implementation leaves behind. An adapter
// command runs in its own process group, but a descendant that calls setsid() leaves the
// group, and one whose parent died is reparented away from conform. conform makes itself the
// subreaper of its descendants (Linux), so orphans become its children, and ends every
// descendant it can still see when an adapter is stopped.
//
// Its rule: nothing an implementation starts outlives conform.
package reap
