package store_test

import (
	"testing"

	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenRefusesWhatContradicts(t *testing.T) {
	tests := []struct {
		name string
		cfg  store.Config
		want string
	}{
		{"unknown kind", store.Config{Kind: "sqlite"}, `store must be memory or container, got "sqlite"`},
		{"DSN in memory", store.Config{Kind: store.KindMemory, DSN: "postgres://x"}, "contradict"},
		{"PostgreSQL in memory", store.Config{Kind: store.KindMemory, Postgres: true}, "contradicts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := store.Open(t.Context(), tt.cfg)
			assert.Nil(t, s)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestOpenMemoryByDefault(t *testing.T) {
	for _, cfg := range []store.Config{{}, {Kind: store.KindMemory}} {
		var heard []string
		cfg.Progress = func(s string) { heard = append(heard, s) }
		s, err := store.Open(t.Context(), cfg)
		require.NoError(t, err)
		assert.Equal(t, "memory", s.Name)
		assert.Equal(t, "~@postgres", s.Tags, "the memory store cannot run the @postgres scenarios")
		a, err := s.NewStore(t.Context())
		require.NoError(t, err)
		b, err := s.NewStore(t.Context())
		require.NoError(t, err)
		assert.IsType(t, &memory.Store{}, a)
		assert.NotSame(t, a, b, "each scenario gets its own store")
		assert.Empty(t, heard)
		assert.NoError(t, s.Close())
	}
}
