// Package owner marks what a conform process creates outside itself (scratch databases,
// containers) with who created it: the run, host, process and its start. A run killed with
// SIGKILL cannot clean up; its marks let a later `conform clean` (or the next run) tell what
// a dead run left behind from what a live run is using, and never touch anything unmarked.
//
// A process can only be looked at from its own machine, boot and pid namespace; anywhere else
// its pid names nothing. So a run is alive while its sessions on the server or its process say
// so (Evidence.Judge), dead only when its process is provably gone, and unknown otherwise.
//
// Its rule: a mark is written when the thing is created, and only what a proven-dead owner
// left is removed on conform's own judgement; what nothing proves dead is left alone.
package owner
