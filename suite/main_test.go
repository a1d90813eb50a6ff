package suite_test

import (
	"os"
	"testing"

	"github.com/conform-dev/conform/internal/shortlived"
)

// The tests run the suite many times, in process and through programs they wait on.
func TestMain(m *testing.M) {
	shortlived.Tune()
	shortlived.WaitingTests(6)
	os.Exit(m.Run())
}
