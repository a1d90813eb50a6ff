package contract

// Phase is a key of the derived phase vocabulary (FR-005).
type Phase string

// The phase vocabulary, in workflow order. Families list only the phases their workflow has.
const (
	PhasePreparing  Phase = "preparing"
	PhaseFetching   Phase = "fetching"
	PhaseProcessing Phase = "processing"
	PhasePersisting Phase = "persisting"
	PhaseFinalizing Phase = "finalizing"
)

// Phases is the whole vocabulary in workflow order.
var Phases = []Phase{PhasePreparing, PhaseFetching, PhaseProcessing, PhasePersisting, PhaseFinalizing}

// PhaseLabel is the operator-safe label of one phase of one family, and the workflow boundary
// it stands for (for the written standard; never shown to operators).
type PhaseLabel struct {
	Phase    Phase
	Label    string
	Boundary string
}

// Vocabulary holds the labels per (family, phase) of the built-in registry, each family's
// phases in the order its workflow reaches them (read-only; derived from Builtin). The label
// shown for a phase is always taken from the registry, never from the persisted context.
var Vocabulary = func() map[string][]PhaseLabel {
	v := map[string][]PhaseLabel{}
	for _, f := range Builtin.families {
		if len(f.Phases) > 0 {
			v[f.Type] = f.Phases
		}
	}
	return v
}()

// Generic copy: what other active runs show. The generic copy of a selected family whose
// metadata cannot be read is the registry's (Settings.GenericPhased, GenericComposite).
const (
	QueuedLabel   = "Waiting to start"
	ActivityLabel = "In progress"
	CountedLabel  = "Processing items"
)

// Composite copy. The labels never carry numbers; counts travel in the composite summary.
const (
	CompositeLabel          = "Summarizing recent operations"
	CompositeAttentionLabel = "Summarizing operations that need attention"
	CompositeEmptyLabel     = "No recent operations to summarize"
	HintFailed              = "Review failed operations before relying on this review"
	HintPartial             = "Check partly finished operations before using this review"
)
