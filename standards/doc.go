// Package standards renders the tables of docs/standards.md from the contract and the audit's
// rules, so the written standard maintainers read can never drift from the code that enforces
// it (FR-014, SC-005). The prose around the tables is written by hand; each table sits between
// "<!-- BEGIN GENERATED: name -->" and "<!-- END GENERATED: name -->".
//
// Its rule: every table it renders is computed from package contract (or, for the audit's
// rules, from package audit), never written by hand.
package standards
