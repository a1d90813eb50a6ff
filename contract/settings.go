package contract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Settings are what a registry says besides its families: the application's own generic copy,
// the summary_counts keys it allows, and the reading it takes where spec 272 leaves room. The
// built-in registry's are spec 272's (DefaultSettings).
type Settings struct {
	// GenericPhased and GenericComposite are the copy a selected family with malformed
	// metadata falls back to: the application's current generic copy (FR-010, SC-004). Spec
	// 272 quotes it as "Phase progress pending." and "Composite progress pending.".
	GenericPhased    string
	GenericComposite string
	// SummaryCountKeys are the summary_counts keys the application writes. Writers never add
	// one (FR-012); the audit flags any other.
	SummaryCountKeys []string
	Readings         Readings
}

// Readings are the readings an application takes where spec 272 allows two
// (docs/standards.md, "Readings the spec leaves open"); the zero value is conform's.
type Readings struct {
	// PartialComposite: a composite summary whose children count is present but whose failed
	// or partial count is absent. ReadMalformed (conform's): the summary cannot be read, the
	// generic composite copy shows. ReadMinimal: minimal composite disclosure, the children
	// count alone (failed and partial unknown: null), no hint.
	PartialComposite string
	// MissingWithCounts: a selected family without its phase or composite metadata whose
	// processed and total pass the counted gate. ReadActivity (conform's): activity, degraded
	// (FR-010: no fall-back to counted). ReadCounted: counted, not degraded (FR-011: counted
	// wins over activity).
	MissingWithCounts string
	// DeferredCounts: a deferred family whose processed and total pass the counted gate.
	// ReadActivity (conform's): activity-only (FR-012). ReadCounted: counted, as a family the
	// registry does not name.
	DeferredCounts string
}

// The values of the readings.
const (
	ReadMalformed = "malformed"
	ReadMinimal   = "minimal"
	ReadActivity  = "activity"
	ReadCounted   = "counted"
)

// The generic copy of spec 272, full stop included, as the spec quotes today's copy.
const (
	SpecGenericPhased    = "Phase progress pending."
	SpecGenericComposite = "Composite progress pending."
)

// DefaultSettings are spec 272's.
func DefaultSettings() Settings {
	return Settings{GenericPhased: SpecGenericPhased, GenericComposite: SpecGenericComposite,
		SummaryCountKeys: []string{"total", "processed", "succeeded", "failed", "skipped"},
		Readings:         Readings{PartialComposite: ReadMalformed, MissingWithCounts: ReadActivity, DeferredCounts: ReadActivity}}
}

// SettingsError is a registry setting that breaks a rule: the field and what is wrong.
type SettingsError struct {
	Field string // "generic.phased", "summary_counts[2]", "readings.partial_composite" ...
	Msg   string
}

func (e *SettingsError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Msg) }

var countKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// check applies the rules to settings (empty fields are filled from DefaultSettings first).
func (s *Settings) check() error {
	d := DefaultSettings()
	if s.GenericPhased == "" {
		s.GenericPhased = d.GenericPhased
	}
	if s.GenericComposite == "" {
		s.GenericComposite = d.GenericComposite
	}
	if s.SummaryCountKeys == nil {
		s.SummaryCountKeys = d.SummaryCountKeys
	}
	if s.Readings.PartialComposite == "" {
		s.Readings.PartialComposite = d.Readings.PartialComposite
	}
	if s.Readings.MissingWithCounts == "" {
		s.Readings.MissingWithCounts = d.Readings.MissingWithCounts
	}
	if s.Readings.DeferredCounts == "" {
		s.Readings.DeferredCounts = d.Readings.DeferredCounts
	}
	for field, copy := range map[string]string{"generic.phased": s.GenericPhased, "generic.composite": s.GenericComposite} {
		if err := CheckCopy(copy, false); err != nil {
			return &SettingsError{Field: field, Msg: err.Error()}
		}
	}
	for _, need := range []string{"processed", "total"} {
		if !slices.Contains(s.SummaryCountKeys, need) {
			return &SettingsError{Field: "summary_counts", Msg: fmt.Sprintf("the counted gate reads %q: list it", need)}
		}
	}
	seen := map[string]bool{}
	for i, k := range s.SummaryCountKeys {
		at := fmt.Sprintf("summary_counts[%d]", i)
		switch {
		case !countKey.MatchString(k):
			return &SettingsError{Field: at, Msg: fmt.Sprintf("want a lower-case machine key, got %q", k)}
		case seen[k]:
			return &SettingsError{Field: at, Msg: fmt.Sprintf("%q is listed twice", k)}
		case GraphKey(k):
			return &SettingsError{Field: at, Msg: fmt.Sprintf("%q names runs: no child-run graph (FR-012)", k)}
		}
		seen[k] = true
	}
	for field, r := range map[string]struct {
		v    string
		want []string
	}{
		"readings.partial_composite":   {s.Readings.PartialComposite, []string{ReadMalformed, ReadMinimal}},
		"readings.missing_with_counts": {s.Readings.MissingWithCounts, []string{ReadActivity, ReadCounted}},
		"readings.deferred_counts":     {s.Readings.DeferredCounts, []string{ReadActivity, ReadCounted}},
	} {
		if !slices.Contains(r.want, r.v) {
			return &SettingsError{Field: field, Msg: fmt.Sprintf("want %s, got %q", strings.Join(r.want, " or "), r.v)}
		}
	}
	return nil
}

// graphKey is a key that would persist a child-run graph: a list or tree of the runs an
// operation is made of (child_run_ids, operation_run_ids, parent_run_id, sub_runs, run_graph),
// in any case and with or without separators. The composite's own "children" (a count) is not
// one.
var graphKey = regexp.MustCompile(`(?i)^(?:(?:child|children|parent|sub|linked|related|operation|operations)[_-]?(?:operation[_-]?)?runs?(?:[_-]?(?:ids?|graph|tree|list|refs?))?|runs?[_-]?(?:ids|graph|tree)|(?:child|children|sub)[_-]?operations?[_-]?(?:ids?|list|refs?)|(?:child|children)[_-]?ids)$`)

// GraphKey reports whether a context key would persist a child-run graph (FR-012, non-goals).
// Every such key holds "run", "operation" or "ids" in some case: the others are not handed to
// the expression (an audit reads every key of millions of contexts).
func GraphKey(k string) bool {
	if ascii(k) && !hasFold(k, "run") && !hasFold(k, "operation") && !hasFold(k, "ids") {
		return false // (a key beyond ASCII goes to the expression: Unicode folds ſ to s)
	}
	return graphKey.MatchString(k)
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// hasFold reports whether s holds the lower-case ASCII word w in any case.
func hasFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for ; j < len(w); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				break
			}
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// HasGraphKey reports whether a key anywhere in a context would persist a child-run graph:
// GraphKeys without the paths, stopping at the first (what an audit of millions of rows asks).
func HasGraphKey(ctx any) bool {
	var walk func(v any, depth int) bool
	walk = func(v any, depth int) bool {
		if depth > 64 {
			return false
		}
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				if GraphKey(k) || walk(x, depth+1) {
					return true
				}
			}
		case []any:
			for _, x := range t {
				if walk(x, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(ctx, 0)
}

// GraphKeys lists the keys anywhere in a context that would persist a child-run graph, as
// dotted paths, sorted.
func GraphKeys(ctx any) []string {
	var out []string
	var walk func(v any, path string, depth int)
	walk = func(v any, path string, depth int) {
		if depth > 64 {
			return
		}
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if GraphKey(k) {
					out = append(out, p)
				}
				walk(x, p, depth+1)
			}
		case []any:
			for _, x := range t {
				walk(x, path, depth+1)
			}
		}
	}
	walk(ctx, "", 0)
	slices.Sort(out)
	return out
}
