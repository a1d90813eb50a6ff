// Package scratch makes realistic operation runs in bulk (Scratch: into a scratch database of its
// own, with COPY), with a chosen share of the defects conform audit looks for, so the audit can
// be tried, tested and benchmarked. Each kind of run says by hand which audit rules it must
// trip; the tally of what was made is therefore an independent expectation of what the audit
// must find.
//
// Its rule: it writes only into a scratch database it created itself.
package scratch
