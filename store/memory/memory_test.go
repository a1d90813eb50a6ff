package memory_test

import (
	"testing"

	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/memory"
	"github.com/conform-dev/conform/store/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Test(t, func(*testing.T) store.Store { return memory.New() })
}
