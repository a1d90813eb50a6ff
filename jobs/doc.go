// Package jobs holds the reference writers: baseline capture (standard and full-content),
// baseline compare (with evidence capture, resume, and partial/blocked/failed endings) and
// tenant review compose (queued from an evidence snapshot). They move a run through its
// lifecycle boundaries and write the canonical progress payload through the store exactly
// as the application's service does: one statement per boundary, updated_at touched. Drive
// runs one writer scenario (contract.WriterScenario) with them and answers the run's row after
// each write: the reference's answer to the protocol's drive request.
//
// Its rule: writers record only what the contract reads (context.progress, summary_counts),
// through package store, at the workflow boundaries the spec names.
package jobs
