package contract

import "strings"

// Run mirrors the application's operation_runs row. Context and SummaryCounts hold decoded
// JSON values (map[string]any, []any, string, bool, nil, json.Number or float64): they are
// JSON columns and may hold anything, so a non-object there is missing metadata to degrade
// from, never invalid input.
type Run struct {
	ID             int64  `json:"id"`
	TenantID       int64  `json:"tenant_id"`
	UserID         int64  `json:"user_id"`
	Type           string `json:"type"`
	Status         string `json:"status"`
	Outcome        string `json:"outcome"`
	SummaryCounts  any    `json:"summary_counts"`
	Context        any    `json:"context"`
	FailureSummary any    `json:"failure_summary,omitempty"`
	StartedAt      string `json:"started_at,omitempty"`
	CompletedAt    string `json:"completed_at,omitempty"`
	CreatedAt      string `json:"created_at,omitempty"`
	UpdatedAt      string `json:"updated_at,omitempty"`
}

// Lifecycle is the normalized status of a run as the contract reports it.
type Lifecycle string

// The lifecycles a resolution reports. A terminal outcome makes a run completed whatever its
// status says; anything the normalizer does not recognise is unknown and never active.
const (
	LifecycleQueued    Lifecycle = "queued"
	LifecycleRunning   Lifecycle = "running"
	LifecycleCompleted Lifecycle = "completed"
	LifecycleUnknown   Lifecycle = "unknown"
)

// Outcome is the normalized outcome of a run.
type Outcome string

// The outcomes of the application. An empty outcome reads as pending: the column defaults to
// it and writers of queued runs leave it unset.
const (
	OutcomePending            Outcome = "pending"
	OutcomeSucceeded          Outcome = "succeeded"
	OutcomePartiallySucceeded Outcome = "partially_succeeded"
	OutcomeBlocked            Outcome = "blocked"
	OutcomeFailed             Outcome = "failed"
	OutcomeCancelled          Outcome = "cancelled"
	OutcomeUnknown            Outcome = "unknown"
)

var outcomes = [...]Outcome{OutcomePending, OutcomeSucceeded, OutcomePartiallySucceeded,
	OutcomeBlocked, OutcomeFailed, OutcomeCancelled}

// NormalizeOutcome maps a persisted outcome to a known [Outcome], tolerating ASCII case and
// the surrounding space PHP's trim() removes ([TrimPHP]). It does not allocate.
func NormalizeOutcome(s string) Outcome {
	s = TrimPHP(s)
	if s == "" {
		return OutcomePending
	}
	for _, o := range outcomes {
		if EqualFoldASCII(s, string(o)) {
			return o
		}
	}
	return OutcomeUnknown
}

// PHPSpace is what PHP's trim() removes by default: space, tab, newline, carriage return, NUL
// and vertical tab. The application normalizes status and outcome with trim() and
// strtolower(), so nothing else is trimmed: not a form feed, not a no-break space, not any
// other Unicode space.
const PHPSpace = " \t\n\r\x00\x0B"

// TrimPHP removes PHPSpace from both ends of s, as PHP's trim() does.
func TrimPHP(s string) string { return strings.Trim(s, PHPSpace) }

// EqualFoldASCII compares a and b ignoring ASCII case only, as PHP's strtolower() does (since
// PHP 8.2 it is locale-insensitive and ASCII-only): the Kelvin sign is not a k, a long s is not
// an s.
func EqualFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Terminal reports whether the outcome ends a run.
func (o Outcome) Terminal() bool {
	switch o {
	case OutcomeSucceeded, OutcomePartiallySucceeded, OutcomeBlocked, OutcomeFailed, OutcomeCancelled:
		return true
	}
	return false
}

// NormalizeLifecycle combines status and outcome the way the application's status normalizer
// does: tolerant of ASCII case and PHP's surrounding space (PHPSpace), terminal outcome first,
// unknown values never active. No other spelling is an alias: "canceled", "success" or
// "in_progress" are unknown. It does not allocate.
func NormalizeLifecycle(status, outcome string) Lifecycle {
	o := NormalizeOutcome(outcome)
	st := TrimPHP(status)
	switch {
	case o == OutcomeUnknown:
		return LifecycleUnknown
	case o.Terminal(), EqualFoldASCII(st, string(LifecycleCompleted)):
		return LifecycleCompleted
	case EqualFoldASCII(st, string(LifecycleQueued)):
		return LifecycleQueued
	case EqualFoldASCII(st, string(LifecycleRunning)):
		return LifecycleRunning
	}
	return LifecycleUnknown
}

// Statuses are the status values the application writes, in lifecycle order.
var Statuses = []string{string(LifecycleQueued), string(LifecycleRunning), string(LifecycleCompleted)}

// Outcomes are the outcome values the application writes, pending first.
func Outcomes() []Outcome { return outcomes[:] }

// Active reports whether a run in this lifecycle may get active progress treatment.
func (l Lifecycle) Active() bool { return l == LifecycleQueued || l == LifecycleRunning }
