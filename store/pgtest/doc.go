// Package pgtest gives a test binary one PostgreSQL server: CONFORM_DSN, or a container
// started for the binary. Without either the PostgreSQL tests skip, saying why, unless
// CONFORM_REQUIRE_POSTGRES is set (as CI sets it): then they fail.
//
// Its rule: without PostgreSQL the tests skip saying why, unless CONFORM_REQUIRE_POSTGRES makes
// them fail.
package pgtest
