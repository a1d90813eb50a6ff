// Package store says where seeded runs live: Store is what steps and reference jobs need of
// the application's database, and Open chooses the implementation, store/memory (in process)
// or store/postgres (pgx, a scratch database per scenario on a server given by DSN or in a
// container it starts). A store persists; it never renders labels or decides capabilities.
// Every store returns ErrNotFound (wrapped, with what was missing) for a run, tenant or user
// that does not exist.
//
// Its rule: a store persists; it never renders labels or decides capabilities. Both stores pass
// package storetest, and return ErrNotFound for what does not exist.
package store
