package memory

import (
	"testing"

	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return New() })
}
