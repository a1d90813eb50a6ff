// Package contract is the reference OperationRun progress contract of spec 272: the single
// executable source of truth that features, steps, the CLI, audits and external
// implementations are measured against.
//
// It is pure: standard library only, no I/O, deterministic. Given a [Run] it decides what an
// operator may be told about the run's progress:
//
//   - Terminal runs (status completed, or a terminal outcome) get no active treatment:
//     capability [None], no bar, no percentage, whatever their context still holds.
//   - Unknown status or outcome values never count as active; they also resolve to [None].
//   - Active runs resolve by precedence [Phased] > [Composite] > [Counted] > [Activity]; a
//     family climbs only to the rung its scope allows, which [Registry.ScopeRule] says in one
//     sentence per scope (the written standard prints the same sentences).
//   - The counted gate: summary_counts.processed and summary_counts.total are integers with
//     total > 0 and 0 <= processed <= total; the percentage is floor(100*processed/total).
//     Only [Counted] ever carries a percentage or a bar.
//   - A selected family whose metadata is malformed degrades to the registry's generic copy
//     ([Settings]; spec 272's "Phase progress pending." and "Composite progress pending."); one
//     whose metadata is missing degrades to activity. Either way the resolution is marked
//     degraded, it never fails and never invents detail.
//   - The label shown for a phase is always derived from (family, key) through the
//     [Vocabulary]; a label persisted in the context is diagnostics and never echoed.
//
// The written standard generated from this package is docs/standards.md.
//
// Its rule: it imports nothing of the project and does no I/O. Every other package asks it
// (resolution, presentation, access, the readers of persisted counts); none holds a copy of a
// rule.
package contract
