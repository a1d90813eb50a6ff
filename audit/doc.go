// Package audit reads persisted runs and reports which would degrade, leak raw names or break
// the scope rules of spec 272. It checks what the application's jobs really wrote, which the
// features (proving the reference) cannot. Rules are pure functions of one run, so they are
// tested without a database; the reader streams rows and never writes.
//
// Its rule: it only reads (one READ ONLY transaction), and it reads persisted values through
// the contract's own readers, so a finding means what the contract means.
package audit
