//go:build !linux

package reap

// Subreaper does nothing where the kernel has no subreapers.
func Subreaper() error { return nil }
