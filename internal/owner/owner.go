package owner

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Owner is who created something.
type Owner struct {
	Run       string    `json:"run"`             // a random id of the conform run (RunIDLen hex digits)
	Host      string    `json:"host"`            // hostname
	Boot      string    `json:"boot"`            // the kernel's boot id: a pid means nothing across reboots
	PidNS     string    `json:"pidns,omitempty"` // the pid namespace: a pid means nothing in another one
	PID       int       `json:"pid"`             // the conform process
	ProcStart string    `json:"proc_start"`      // its start time in clock ticks since boot: pids are reused
	Started   time.Time `json:"started"`
	Kind      string    `json:"kind,omitempty"` // what was made: template, scenario, scratch, container
}

// Prefix starts every mark, so a mark is told from any other comment or label.
const Prefix = "conform owner "

// RunIDLen is the length of a run id: hex digits of 6 random bytes. Names of what a run makes
// carry it, so that what it makes is its own from the name alone.
const RunIDLen = 12

var runID = regexp.MustCompile(`^[0-9a-f]{12}$`)

// IsRunID reports whether s has the form of a run id.
func IsRunID(s string) bool { return runID.MatchString(s) }

var (
	selfOnce sync.Once
	self     Owner
)

// Self is this process as an owner.
func Self() Owner {
	selfOnce.Do(func() {
		b := make([]byte, RunIDLen/2)
		_, _ = rand.Read(b)
		host, _ := os.Hostname()
		self = Owner{Run: hex.EncodeToString(b), Host: host, Boot: bootID(), PidNS: pidNS(), PID: os.Getpid(),
			ProcStart: procStart(os.Getpid()), Started: time.Now().UTC().Truncate(time.Second)}
	})
	return self
}

// Mark is the owner as a comment or label value, for something of a kind.
func (o Owner) Mark(kind string) string {
	o.Kind = kind
	raw, _ := json.Marshal(o)
	return Prefix + string(raw)
}

// Parse reads a mark; ok is false for anything that is not one.
func Parse(mark string) (Owner, bool) {
	rest, ok := strings.CutPrefix(mark, Prefix)
	if !ok {
		return Owner{}, false
	}
	var o Owner
	if err := json.Unmarshal([]byte(rest), &o); err != nil || o.PID <= 0 || o.Started.IsZero() {
		return Owner{}, false
	}
	return o, true
}

// State is what can be known of an owner from here.
type State int

const (
	Alive   State = iota // the owner still runs: its process here, or its sessions on the server
	Dead                 // it ran in this machine's boot and pid namespace and is gone
	Unknown              // nothing here can prove it alive or dead: it is left alone
)

func (s State) String() string {
	return [...]string{"alive", "dead", "unknown"}[s]
}

// State tells whether the owner process still runs. Only a process of this host, this boot
// and this pid namespace can be looked at: a pid of another namespace (a container's PID 1)
// names some other process here, or none, so nothing there proves it dead.
func (o Owner) State() State {
	st, _ := o.process()
	return st
}

// process is State with the reason, in words for a listing.
func (o Owner) process() (State, string) {
	host, _ := os.Hostname()
	switch {
	case o.Host != host:
		return Unknown, fmt.Sprintf("its process ran on another machine (%s)", o.Host)
	case o.Boot == "" || o.Boot != bootID():
		return Unknown, "its process ran before this machine's last boot, or its boot is unknown"
	case o.PidNS == "" || o.PidNS != pidNS():
		return Unknown, fmt.Sprintf("its process (pid %d) runs in another pid namespace, where this machine cannot look", o.PID)
	}
	if start := procStart(o.PID); start != "" && start == o.ProcStart {
		return Alive, fmt.Sprintf("its process (pid %d) runs", o.PID)
	}
	return Dead, fmt.Sprintf("its process (pid %d) has ended", o.PID)
}

// Evidence is what can be learnt of one run: its owner mark, when one was found (on the thing
// itself or on another thing the same run made), and the server sessions that carry its id.
type Evidence struct {
	Run      string
	Mark     *Owner
	Sessions int
	// SessionsKnown is false when the server could not be asked (a stopped container).
	SessionsKnown bool
}

// Verdict is what the evidence proves, and why, in words for a listing.
type Verdict struct {
	State State
	Why   string
}

// Judge decides from the evidence: a run is alive while its sessions or its process say so;
// it is dead only when its process is provably gone and no session of it is known; everything
// else is unknown and must be left alone.
func (e Evidence) Judge() Verdict {
	if e.SessionsKnown && e.Sessions > 0 {
		return Verdict{Alive, fmt.Sprintf("%d session(s) of run %s on the server", e.Sessions, e.Run)}
	}
	if e.Mark == nil {
		return Verdict{Unknown, fmt.Sprintf("no owner mark of run %s was found and no session of it", e.Run)}
	}
	st, why := e.Mark.process()
	if st == Unknown && e.SessionsKnown {
		why += "; no session of it on the server"
	}
	return Verdict{st, why}
}

// Removable says whether what the evidence is about may be removed now: its owner is proven
// dead and the mark older than minAge (a guard against clock skew); or, only when the user
// asked for it with unprovable > 0, nothing can be known of the owner, the server has no
// session of it and the mark is older than unprovable.
func (e Evidence) Removable(now time.Time, minAge, unprovable time.Duration) bool {
	v := e.Judge()
	switch {
	case v.State == Dead:
		return now.Sub(e.Mark.Started) >= minAge
	case v.State == Unknown && unprovable > 0 && e.Mark != nil && e.SessionsKnown:
		return now.Sub(e.Mark.Started) >= unprovable
	}
	return false
}

func bootID() string {
	raw, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(raw))
}

// pidNS is this process's pid namespace as the kernel names it ("pid:[4026531836]"), "" when
// it cannot be read.
func pidNS() string {
	ns, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return ""
	}
	return ns
}

// procStart is field 22 of /proc/PID/stat (start time in clock ticks), "" when the process
// does not exist.
func procStart(pid int) string {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ""
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 20 {
		return ""
	}
	return fields[19]
}
