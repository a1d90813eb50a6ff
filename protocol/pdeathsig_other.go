//go:build !linux

package protocol

import "syscall"

// parentDeath is Linux's parent-death signal; elsewhere the program ends with its input.
func parentDeath(*syscall.SysProcAttr) {}
