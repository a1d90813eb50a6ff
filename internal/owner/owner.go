package owner

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Owner is who created something.
type Owner struct {
	Run       string    `json:"run"`        // a random id of the conform run
	Host      string    `json:"host"`       // hostname
	Boot      string    `json:"boot"`       // the kernel's boot id: a pid means nothing across reboots
	PID       int       `json:"pid"`        // the conform process
	ProcStart string    `json:"proc_start"` // its start time in clock ticks since boot: pids are reused
	Started   time.Time `json:"started"`
	Kind      string    `json:"kind,omitempty"` // what was made: template, scenario, scratch, container
}

// Prefix starts every mark, so a mark is told from any other comment or label.
const Prefix = "conform owner "

var (
	selfOnce sync.Once
	self     Owner
)

// Self is this process as an owner.
func Self() Owner {
	selfOnce.Do(func() {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		host, _ := os.Hostname()
		self = Owner{Run: hex.EncodeToString(b), Host: host, Boot: bootID(), PID: os.Getpid(),
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
	Alive   State = iota // the owner process runs on this machine
	Dead                 // it ran on this machine since its last boot and is gone
	Unknown              // another machine, or another boot: only its age can tell
)

func (s State) String() string {
	return [...]string{"alive", "dead", "unknown"}[s]
}

// State tells whether the owner still runs: on this host and boot, its pid must still be the
// same process (same start time).
func (o Owner) State() State {
	host, _ := os.Hostname()
	if o.Host != host || o.Boot == "" || o.Boot != bootID() {
		return Unknown
	}
	if start := procStart(o.PID); start != "" && start == o.ProcStart {
		return Alive
	}
	return Dead
}

// Stale reports whether what the owner made may be removed: the owner is dead and it is
// older than minAge, or nothing can be known of it and it is older than olderThan.
func (o Owner) Stale(now time.Time, minAge, olderThan time.Duration) bool {
	age := now.Sub(o.Started)
	switch o.State() {
	case Dead:
		return age >= minAge
	case Unknown:
		return age >= olderThan
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

// RemoveStale calls remove for every item whose owner is stale (see Stale) and returns the
// items it removed, with the errors of those it could not.
func RemoveStale[T any](items []T, ownerOf func(T) Owner, minAge, olderThan time.Duration, remove func(T) error) ([]T, error) {
	now := time.Now()
	var removed []T
	var errs []error
	for _, it := range items {
		if !ownerOf(it).Stale(now, minAge, olderThan) {
			continue
		}
		if err := remove(it); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, it)
	}
	return removed, errors.Join(errs...)
}
