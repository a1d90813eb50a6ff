package reap

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Descendants lists every process below pid (children, their children, ...), read from /proc.
// It is empty where /proc is not there.
func Descendants(pid int) []int {
	childrenOf := threadChildren
	if !childrenFiles() {
		// A kernel without /proc/PID/task/TID/children: one pass over every process instead.
		byParent := map[int][]int{}
		for _, p := range processes() {
			byParent[p.ppid] = append(byParent[p.ppid], p.pid)
		}
		childrenOf = func(pid int) []int { return byParent[pid] }
	}
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, c := range childrenOf(next) {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

// childrenFiles reports whether the kernel lists each thread's children in /proc: reading
// those costs a few files per process of the tree, where reading every process's stat cost
// a tenth of a second on a busy machine, for every program conform ends.
var childrenFiles = sync.OnceValue(func() bool {
	self := strconv.Itoa(os.Getpid())
	_, err := os.Stat("/proc/" + self + "/task/" + self + "/children")
	return err == nil
})

// threadChildren lists the children of pid: those of each of its threads (a child belongs
// to the thread that forked it). A process that is gone has none.
func threadChildren(pid int) []int {
	dir := "/proc/" + strconv.Itoa(pid) + "/task"
	tasks, _ := os.ReadDir(dir)
	var out []int
	for _, t := range tasks {
		raw, err := os.ReadFile(dir + "/" + t.Name() + "/children")
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(raw)) {
			if c, err := strconv.Atoi(f); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// Kill ends pid, its process group and every descendant of it. The tree is frozen first
// (SIGSTOP, round after round until a round finds no process it had not stopped): a stopped
// process forks no more, so a tree that keeps forking, each child in a session of its own, is
// ended whole by the SIGKILL that follows. A SIGSTOP takes effect when its process next runs
// (on a busy machine, after a fork it was making), and the kernel's lists of children are only
// complete for stopped processes, so a round looks for new children only once every process
// it stopped is seen stopped.
func Kill(pid int) {
	_ = syscall.Kill(-pid, syscall.SIGSTOP)
	_ = syscall.Kill(pid, syscall.SIGSTOP)
	stopped := map[int]bool{pid: true}
	deadline := time.Now().Add(stopWait)
	for round := 0; round < maxRounds; round++ {
		awaitStopped(stopped, deadline)
		fresh := 0
		for _, p := range Descendants(pid) {
			if !stopped[p] {
				stopped[p] = true
				fresh++
				_ = syscall.Kill(p, syscall.SIGSTOP)
			}
		}
		if fresh == 0 {
			break
		}
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	for p := range stopped {
		_ = syscall.Kill(p, syscall.SIGKILL)
	}
}

// awaitStopped waits until every process of pids is stopped or gone, or the deadline passes:
// no process can ignore SIGSTOP, so the wait ends at once unless the machine is busy.
func awaitStopped(pids map[int]bool, deadline time.Time) {
	for p := range pids {
		for !stoppedOrGone(p) && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
	}
}

// stopWait bounds the waits of one Kill for its processes to stop: past it, Kill goes on with
// what it sees.
const stopWait = 2 * time.Second

// stoppedOrGone reports whether pid is stopped (T, t), a zombie or dead (Z, X) or no longer
// there, from the state field of /proc/PID/stat.
func stoppedOrGone(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) {
		return true
	}
	switch s[i+2] {
	case 'T', 't', 'Z', 'X', 'x':
		return true
	}
	return false
}

// maxRounds bounds the freezing of a tree: each round stops what the last one found, so a
// round finds nothing new after as many rounds as the tree is deep.
const maxRounds = 1000

// EndOrphans ends every orphan this process inherited as subreaper and what they leave to it
// in turn, until none is left (conform's exit: nothing an implementation started outlives it).
func EndOrphans() {
	for round := 0; round < maxRounds; round++ {
		orphans := Orphans()
		if len(orphans) == 0 {
			return
		}
		for _, p := range orphans {
			Kill(p)
			var ws syscall.WaitStatus
			_, _ = syscall.Wait4(p, &ws, syscall.WNOHANG, nil)
		}
		time.Sleep(10 * time.Millisecond) // the children of what was killed come here
	}
}

// Orphans lists this process's children whose command is not one of keep: processes that
// conform, as their subreaper, inherited from a dead adapter.
func Orphans(keep ...int) []int {
	self := os.Getpid()
	var out []int
	for _, p := range processes() {
		if p.ppid == self && !contains(keep, p.pid) {
			out = append(out, p.pid)
		}
	}
	return out
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

type proc struct{ pid, ppid int }

// processes reads pid and parent pid of every process from /proc/*/stat.
func processes() []proc {
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	out := make([]proc, 0, len(dirs))
	for _, f := range dirs {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue // the process ended meanwhile
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses, so cut at the last ")".
		s := string(raw)
		close := strings.LastIndexByte(s, ')')
		open := strings.IndexByte(s, ' ')
		if close < 0 || open < 0 {
			continue
		}
		pid, err1 := strconv.Atoi(s[:open])
		fields := strings.Fields(s[close+1:])
		if err1 != nil || len(fields) < 2 {
			continue
		}
		ppid, err2 := strconv.Atoi(fields[1])
		if err2 != nil {
			continue
		}
		out = append(out, proc{pid, ppid})
	}
	return out
}
