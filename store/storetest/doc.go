// Package storetest is the conformance test every Store implementation passes, so the memory
// and PostgreSQL stores behave the same for the scenarios.
//
// Its rule: a behaviour the scenarios rely on is tested here once, for every store.
package storetest
