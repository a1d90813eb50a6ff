package contract

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// The canonical progress payload writers put inside context (design notes):
//
//	{"progress": {
//	  "phase":     {"key": "fetching", "label": "Capturing evidence", "entered_at": "..."},
//	  "composite": {"children": 12, "failed": 2, "partial": 1, "source": "evidence_snapshot"}
//	}}
//
// No capability or mode flag is ever persisted: capability is derived on every read.

// ForbiddenProgressKeys are keys that would persist a derived capability or mode flag.
var ForbiddenProgressKeys = []string{"capability", "mode", "progress_mode", "percent", "bar"}

// PhasePayload is the canonical phase object for a lifecycle boundary. It refuses a phase the
// family's workflow does not have, so writers cannot persist an unknown key.
func PhasePayload(family string, key Phase, enteredAt time.Time) (map[string]any, error) {
	label, ok := LabelFor(family, key)
	if !ok {
		return nil, fmt.Errorf("family %q has no phase %q", family, key)
	}
	return map[string]any{"key": string(key), "label": label,
		"entered_at": enteredAt.UTC().Format(time.RFC3339)}, nil
}

// CompositePayload is the canonical composite object, validated as the contract reads it.
func CompositePayload(children, failed, partial int64, source string) (map[string]any, error) {
	if children < 0 || failed < 0 || partial < 0 || failed+partial > children {
		return nil, fmt.Errorf("composite counts children=%d failed=%d partial=%d are inconsistent", children, failed, partial)
	}
	return map[string]any{"children": children, "failed": failed, "partial": partial, "source": source}, nil
}

// CheckSummaryCounts reports summary_counts keys outside the registry's (Settings), sorted.
// Writers never add one (FR-012).
func (r *Registry) CheckSummaryCounts(counts any) []string {
	m, ok := counts.(map[string]any)
	if !ok {
		return nil
	}
	var bad []string
	for k := range m {
		if !slices.Contains(r.settings.SummaryCountKeys, k) {
			bad = append(bad, k)
		}
	}
	sort.Strings(bad)
	return bad
}

// CheckSummaryCounts is Builtin.CheckSummaryCounts.
func CheckSummaryCounts(counts any) []string { return Builtin.CheckSummaryCounts(counts) }

// CheckPersistedFlags reports capability or mode flags persisted in context or in
// context.progress, as "key" or "progress.key", sorted.
func CheckPersistedFlags(ctx any) []string {
	var bad []string
	c, _, _ := object(ctx)
	for _, k := range ForbiddenProgressKeys {
		if _, ok := c[k]; ok {
			bad = append(bad, k)
		}
	}
	if p, _, _ := object(c["progress"]); p != nil {
		for _, k := range ForbiddenProgressKeys {
			if _, ok := p[k]; ok {
				bad = append(bad, "progress."+k)
			}
		}
	}
	sort.Strings(bad)
	return bad
}
