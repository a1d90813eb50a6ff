package steps

import (
	"context"
	"encoding/json"

	"github.com/cucumber/godog"
)

// Attachment names of what a failed step observed. Reports (conform run --report, conform
// report) read them from the cucumber JSON to show the run, the resolution and the rendered
// shell hint next to the failure.
const (
	AttachRun        = "run.json"
	AttachResolution = "resolution.json"
	AttachShell      = "shell.html"
)

// attachObservations is an after-step hook: when a step fails, the run it was about, what the
// implementation resolved, and the shell the operator would see are attached to the step.
func attachObservations(ctx context.Context, _ *godog.Step, status godog.StepResultStatus, _ error) (context.Context, error) {
	w, ok := ctx.Value(worldKey{}).(*World)
	if !ok || status != godog.StepFailed || w.current == 0 {
		return ctx, nil
	}
	run, err := w.storedRun(ctx)
	if err != nil {
		return ctx, nil // the failure itself is reported; observations are best effort
	}
	var atts []godog.Attachment
	if raw, err := json.Marshal(run); err == nil {
		atts = append(atts, godog.Attachment{Body: raw, FileName: AttachRun, MediaType: "application/json"})
	}
	if res, err := w.cfg.Impl.Resolve(ctx, run); err == nil {
		if raw, err := json.Marshal(res); err == nil {
			atts = append(atts, godog.Attachment{Body: raw, FileName: AttachResolution, MediaType: "application/json"})
		}
	}
	if html, err := w.shell(ctx); err == nil && html != "" {
		atts = append(atts, godog.Attachment{Body: []byte(html), FileName: AttachShell, MediaType: "text/html"})
	}
	return godog.Attach(ctx, atts...), nil
}
