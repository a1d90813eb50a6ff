package finding

// Attachment names of what a failed step observed. Reports (conform run --report, conform
// report) read them from the cucumber JSON to show the run, the resolution and the rendered
// shell hint next to the failure, and to group failures into findings.
const (
	AttachRun        = "run.json"
	AttachResolution = "resolution.json"
	AttachShell      = "shell.html"
	AttachProblems   = "problems.json"
	// AttachRunInfo is what the run says of itself (record.RunInfo), on the first step of each
	// scenario it ran: records are made from it, and conform report checks with it that the
	// shards it merges are each part of one run, and all of them.
	AttachRunInfo = "conform-run.json"
	// AttachChecks are the verdicts of the checks a scenario ran ([]finding.Check): its
	// vectors, its sweep property, or the scenario itself.
	AttachChecks = "conform-checks.json"
)
