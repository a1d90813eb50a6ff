package steps

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/safetext"
	"github.com/conform-dev/conform/protocol"
	"github.com/cucumber/godog"
)

// attachRunInfo is an after-step hook: the scenario's first step carries the run's RunInfo.
func attachRunInfo(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
	w, ok := ctx.Value(worldKey{}).(*World)
	if !ok || w.cfg.RunInfo == nil || w.infoAttached {
		return ctx, nil
	}
	w.infoAttached = true
	raw, jerr := json.Marshal(w.cfg.RunInfo)
	if jerr != nil {
		return ctx, nil
	}
	return godog.Attach(ctx, godog.Attachment{Body: raw, FileName: finding.AttachRunInfo, MediaType: "application/json"}), nil
}

// AttachChecksTo adds the verdicts of checks to what the step of ctx attaches, and to the
// scenario's checks (Checks).
func AttachChecksTo(ctx context.Context, checks []finding.Check) context.Context {
	if len(checks) == 0 {
		return ctx
	}
	if w, ok := ctx.Value(worldKey{}).(*World); ok {
		w.checks = append(w.checks, checks...)
	}
	raw, err := json.Marshal(checks)
	if err != nil {
		return ctx
	}
	return godog.Attach(ctx, godog.Attachment{Body: raw, FileName: finding.AttachChecks, MediaType: "application/json"})
}

// attachObservations is an after-step hook: when a step fails, the run it was about, what the
// implementation resolved, the shell the operator would see, and the problems the failure
// stands for are attached to the step; the problems also go to the scenario's World.
func attachObservations(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
	w, ok := ctx.Value(worldKey{}).(*World)
	if !ok || status != godog.StepFailed {
		return ctx, nil
	}
	var atts []godog.Attachment
	// What the implementation said is bounded: each observation at maxObservation, all of a
	// run's at maxObservations (past it a failure carries its problems alone).
	observe := func(body []byte, name, media string) {
		if len(body) > maxObservation {
			body = []byte(safetext.Cap(string(body), maxObservation))
		}
		if w.cfg.Observed != nil && w.cfg.Observed.Add(int64(len(body))) > maxObservations {
			return
		}
		atts = append(atts, godog.Attachment{Body: body, FileName: name, MediaType: media})
	}
	var input string
	if w.current != 0 && (w.job == nil || !w.job.stale) {
		if run, rerr := w.store.Run(ctx, w.current); rerr == nil {
			if raw, err := json.Marshal(run); err == nil {
				input = string(raw)
				observe(raw, finding.AttachRun, "application/json")
			}
			if res, err := w.cfg.Impl.Resolve(ctx, run); err == nil {
				if raw, err := json.Marshal(res); err == nil {
					observe(raw, finding.AttachResolution, "application/json")
				}
			}
			if html, err := w.shell(ctx); err == nil && html != "" {
				observe([]byte(html), finding.AttachShell, "text/html")
			}
		}
	}
	ps := problemsOf(w, st, err, input)
	for i := range ps {
		ps[i] = ps[i].Capped(maxProblemText)
	}
	w.problems = append(w.problems, ps...)
	if raw, err := json.Marshal(ps); err == nil {
		atts = append(atts, godog.Attachment{Body: raw, FileName: finding.AttachProblems, MediaType: "application/json"})
	}
	return godog.Attach(ctx, atts...), nil
}

// Bounds on what a run keeps of what the implementation said: a failure's observations (the
// run, the resolution, the shell hint), all of a run's, and each text of a problem (input,
// got, want). A run's reports stay within a few tens of megabytes whatever it answers.
const (
	maxObservation  = 64 << 10
	maxObservations = 8 << 20
	maxProblemText  = 4 << 10
)

// ProtocolProblem is protocol.Problem.
func ProtocolProblem(err error) *finding.Problem { return protocol.Problem(err) }

// Checks are the verdicts of the checks a scenario's steps ran.
func Checks(ctx context.Context) []finding.Check {
	if w, ok := ctx.Value(worldKey{}).(*World); ok {
		return w.checks
	}
	return nil
}

// Problems are what a scenario's failed steps broke.
func Problems(ctx context.Context) []finding.Problem {
	if w, ok := ctx.Value(worldKey{}).(*World); ok {
		return w.problems
	}
	return nil
}

// problemsOf names what a failed step broke: the problems its error carries (a vector, a
// trace, the sweep), the protocol when the implementation's answer broke it, or the step's
// own rule with got and want read from its message. Each names the scenario and, unless it
// says otherwise, the run the scenario was about.
func problemsOf(w *World, st *godog.Step, err error, input string) []finding.Problem {
	check, replay := "", ""
	if s := w.scenario; s != nil {
		check = s.Uri + ": " + s.Name
		replay = "--only " + shellQuote(check)
	}
	ps := finding.Problems(err)
	switch {
	case len(ps) > 0:
	case ProtocolProblem(err) != nil:
		ps = []finding.Problem{*ProtocolProblem(err)}
	default:
		got, want := gotWant(err.Error())
		ps = []finding.Problem{{Rule: ruleOf(st.Text), Stage: finding.Scenario, Got: got, Want: want, Detail: err.Error()}}
	}
	out := make([]finding.Problem, len(ps))
	for i, p := range ps {
		if p.Check == "" {
			p.Check = check
		}
		if p.Input == "" {
			p.Input = input
		}
		if p.Replay == "" {
			p.Replay = replay
		}
		if p.Stage == finding.Scenario && p.Detail == "" {
			p.Detail = err.Error()
		}
		out[i] = p
	}
	return out
}

// shellQuote quotes a word for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// gotWantRE reads "got X, want Y" in a step's message.
var gotWantRE = regexp.MustCompile(`(?s)got (.*?),? want (.*)`)

func gotWant(msg string) (got, want string) {
	first := strings.SplitN(msg, "\n", 2)[0]
	if m := gotWantRE.FindStringSubmatch(first); m != nil {
		return strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	}
	return finding.Line(first, 200), ""
}
