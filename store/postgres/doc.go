// Package postgres is the PostgreSQL store (pgx v5). A Server owns a template database,
// migrated once, and hands every scenario its own database cloned from it (CREATE DATABASE
// ... TEMPLATE), so scenarios run concurrently without ever seeing each other's rows. Clones
// are made ahead of need, as IntegreSQL does, so a scenario rarely waits for one.
//
// Safety, because users point --dsn at shared servers: the server only ever creates and drops
// databases whose names it generated itself (conform_ plus a random suffix) and remembers;
// it never truncates, alters or drops anything else, and drops what it made when it closes.
// Every database it creates carries, from its creation, a comment naming its owner (package
// owner), so what a killed run left behind can be found and removed later (Leftovers) while
// unmarked databases are never touched.
//
// Its rule: it creates and drops only databases it named and marked itself; it never writes
// into one it did not create.
package postgres
