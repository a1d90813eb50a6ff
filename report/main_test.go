package report_test

import (
	"os"
	"testing"

	"github.com/conform-dev/conform/internal/shortlived"
)

// The tests run the suite in process, many times.
func TestMain(m *testing.M) { os.Exit(shortlived.Tests(m)) }
