package suite_test

import (
	"os"
	"testing"

	"github.com/conform-dev/conform/internal/shortlived"
)

// The tests run the suite in process, many times: a short-lived process's GC settings.
func TestMain(m *testing.M) {
	shortlived.Tune()
	os.Exit(m.Run())
}
