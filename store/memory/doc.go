// Package memory is the in-process store: fast, isolated per scenario, and faithful to what a
// JSON column does to values (they go through JSON on every write and read back with
// json.Number), so scenarios behave the same here and on PostgreSQL.
//
// Its rule: it behaves as store/postgres does, down to what a JSON column does to values
// (package storetest holds both to that).
package memory
