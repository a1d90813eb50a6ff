package main

func cmdRun(e env, args []string) error    { return usageErr("run: not wired yet") }
func cmdMatrix(e env, args []string) error { return usageErr("matrix: not wired yet") }
