package protocol

import "syscall"

// parentDeath makes the program die with conform: killed by SIGKILL when conform dies, even
// by kill -9, when nothing is left to close its input or end its group.
func parentDeath(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
