package pgtest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/conform-dev/conform/internal/shortlived"
	"github.com/conform-dev/conform/store/pgcontainer"
)

var (
	dsn        string
	skipReason string
)

// Tests runs the tests of a package that needs PostgreSQL; call it from TestMain.
func Tests(m *testing.M, pkg string) int {
	shortlived.Tune()
	shortlived.WaitingTests(6) // the tests wait on the server, conform processes, containers
	dsn = os.Getenv("CONFORM_DSN")
	if dsn == "" {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		c, err := pgcontainer.Start(ctx, pgcontainer.Image())
		cancel()
		if err != nil {
			if os.Getenv("CONFORM_REQUIRE_POSTGRES") != "" {
				fmt.Fprintf(os.Stderr, "%s: PostgreSQL is required (CONFORM_REQUIRE_POSTGRES) but: %v\n", pkg, err)
				return 1
			}
			skipReason = "PostgreSQL tests skipped: " + err.Error()
			fmt.Fprintf(os.Stderr, "%s: %s\n", pkg, skipReason)
			return m.Run()
		}
		defer c.Terminate()
		dsn = c.DSN
	}
	return m.Run()
}

// DSN returns the server's DSN, or skips the test with the reason there is none.
func DSN(t testing.TB) string {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	return dsn
}
