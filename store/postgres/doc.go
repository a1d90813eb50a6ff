// Package postgres is the PostgreSQL store (pgx v5). A Server owns a template database,
// migrated once, and hands every scenario its own database cloned from it (CREATE DATABASE
// ... TEMPLATE), so scenarios run concurrently without ever seeing each other's rows. Clones
// are made ahead of need, as IntegreSQL does, so a scenario rarely waits for one.
//
// Safety, because users point --dsn at shared servers: the server only ever creates and drops
// databases whose names it generated itself (conform_<run>_<kind><hex>, see NewName) and
// remembers; it never truncates, alters or drops anything else, and drops what it made when it
// closes. A name says which run made the database, every database carries from its creation a
// comment naming its owner (package owner), and every session names its run in
// application_name: so what a killed run left behind can be found later (Leftovers), and what
// a live run uses, in whatever pid namespace it runs, is never taken for dead.
//
// Its rule: it creates and drops only databases it named and marked itself; it never writes
// into one it did not create.
package postgres
