package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Test runs the store conformance tests; newStore gives each test a fresh, empty store.
func Test(t *testing.T, newStore func(t *testing.T) store.Store) {
	ctx := context.Background()
	seed := func(t *testing.T) (store.Store, int64, int64) {
		st := newStore(t)
		tid, err := st.CreateTenant(ctx, "Contoso")
		require.NoError(t, err)
		uid, err := st.CreateUser(ctx, "olivia")
		require.NoError(t, err)
		return st, tid, uid
	}

	t.Run("memberships and capabilities", func(t *testing.T) {
		st, tid, uid := seed(t)
		other, err := st.CreateTenant(ctx, "Fabrikam")
		require.NoError(t, err)
		require.NoError(t, st.Grant(ctx, uid, tid, []string{contract.ViewCapability}))
		require.NoError(t, st.Grant(ctx, uid, other, nil))
		a, err := st.Actor(ctx, uid)
		require.NoError(t, err)
		assert.True(t, a.May(tid, contract.ViewCapability))
		assert.True(t, a.Member(other))
		assert.False(t, a.May(other, contract.ViewCapability))
		assert.Len(t, a.Memberships, 2, "one row per membership")
		_, err = st.Actor(ctx, uid+1000)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})

	t.Run("a missing user or tenant is ErrNotFound, named", func(t *testing.T) {
		st, tid, uid := seed(t)
		for _, c := range []struct {
			what string
			err  error
		}{
			{fmt.Sprintf("user %d", uid+1000), st.Grant(ctx, uid+1000, tid, nil)},
			{fmt.Sprintf("tenant %d", tid+1000), st.Grant(ctx, uid, tid+1000, nil)},
			{fmt.Sprintf("tenant %d", tid+1000), second(st.InsertRun(ctx, contract.Run{TenantID: tid + 1000, UserID: uid, Type: "t", Status: "queued"}))},
			{fmt.Sprintf("user %d", uid+1000), second(st.InsertRun(ctx, contract.Run{TenantID: tid, UserID: uid + 1000, Type: "t", Status: "queued"}))},
		} {
			assert.ErrorIs(t, c.err, store.ErrNotFound, c.what)
			assert.ErrorContains(t, c.err, c.what)
		}
		runs, err := st.Runs(ctx)
		require.NoError(t, err)
		assert.Empty(t, runs, "a refused run was stored")
	})

	t.Run("a run keeps its values and number literals", func(t *testing.T) {
		st, tid, uid := seed(t)
		id, err := st.InsertRun(ctx, contract.Run{TenantID: tid, UserID: uid, Type: "baseline_capture", Status: "queued", Outcome: "pending",
			SummaryCounts: []any{}, Context: map[string]any{"n": json.Number("12.0"), "big": json.Number("9223372036854775807"), "s": "Prüfung ✓"}})
		require.NoError(t, err)
		run, err := st.Run(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, id, run.ID)
		assert.Equal(t, "baseline_capture", run.Type)
		assert.Equal(t, []any{}, run.SummaryCounts)
		assert.Equal(t, map[string]any{"n": json.Number("12.0"), "big": json.Number("9223372036854775807"), "s": "Prüfung ✓"}, run.Context)
		assert.NotEmpty(t, run.CreatedAt)
		_, err = st.Run(ctx, id+1000)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})

	t.Run("SetContext builds the path over PHP arrays and nulls", func(t *testing.T) {
		st, tid, uid := seed(t)
		for _, start := range []any{[]any{}, nil, "x", map[string]any{"progress": []any{}, "keep": true}} {
			id, err := st.InsertRun(ctx, contract.Run{TenantID: tid, UserID: uid, Type: "baseline_compare", Status: "running", Context: start})
			require.NoError(t, err)
			require.NoError(t, st.SetContext(ctx, id, []string{"progress", "phase"}, map[string]any{"key": "fetching"}))
			require.NoError(t, st.SetContext(ctx, id, []string{"baseline_compare", "resume", "checkpoint"}, "c1"))
			run, err := st.Run(ctx, id)
			require.NoError(t, err)
			m := run.Context.(map[string]any)
			assert.Equal(t, map[string]any{"phase": map[string]any{"key": "fetching"}}, m["progress"], "from %#v", start)
			assert.Equal(t, map[string]any{"resume": map[string]any{"checkpoint": "c1"}}, m["baseline_compare"], "from %#v", start)
			if sm, ok := start.(map[string]any); ok {
				assert.Equal(t, sm["keep"], m["keep"], "other members stay")
			}
		}
		assert.ErrorIs(t, st.SetContext(ctx, 999999, []string{"a"}, 1), store.ErrNotFound)
	})

	t.Run("SetContext writes deep paths over anything and touches updated_at", func(t *testing.T) {
		st, tid, uid := seed(t)
		id, err := st.InsertRun(ctx, contract.Run{TenantID: tid, UserID: uid, Type: "t", Status: "running",
			Context: map[string]any{"a": map[string]any{"b": "scalar", "keep": true}}})
		require.NoError(t, err)
		before, err := st.Run(ctx, id)
		require.NoError(t, err)
		time.Sleep(2 * time.Millisecond) // timestamps are microseconds apart at least
		require.NoError(t, st.SetContext(ctx, id, []string{"a", "b", "c", "d"}, []any{json.Number("1"), "x"}))
		after, err := st.Run(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"a": map[string]any{"keep": true, "b": map[string]any{"c": map[string]any{"d": []any{json.Number("1"), "x"}}}}}, after.Context)
		b, _ := time.Parse(time.RFC3339Nano, before.UpdatedAt)
		u, _ := time.Parse(time.RFC3339Nano, after.UpdatedAt)
		assert.True(t, u.After(b), "updated_at %s not after %s", after.UpdatedAt, before.UpdatedAt)
		assert.Equal(t, before.CreatedAt, after.CreatedAt)
	})

	t.Run("lifecycle and raw writes", func(t *testing.T) {
		st, tid, uid := seed(t)
		id, err := st.InsertRun(ctx, contract.Run{TenantID: tid, UserID: uid, Type: "t", Status: "queued", Outcome: "pending"})
		require.NoError(t, err)
		require.NoError(t, st.SetLifecycle(ctx, id, "running", "pending"))
		run, _ := st.Run(ctx, id)
		assert.NotEmpty(t, run.StartedAt)
		assert.Empty(t, run.CompletedAt)
		require.NoError(t, st.SetLifecycle(ctx, id, "completed", "failed"))
		require.NoError(t, st.SetSummaryCounts(ctx, id, []byte(`{"total": 3, "processed": 1}`)))
		run, _ = st.Run(ctx, id)
		assert.Equal(t, "completed", run.Status)
		assert.Equal(t, "failed", run.Outcome)
		assert.NotEmpty(t, run.CompletedAt)
		assert.Equal(t, map[string]any{"total": json.Number("3"), "processed": json.Number("1")}, run.SummaryCounts)
		assert.Error(t, st.SetSummaryCounts(ctx, id, []byte(`{oops`)))
		assert.True(t, errors.Is(st.SetLifecycle(ctx, id+1000, "running", ""), store.ErrNotFound))
	})

	t.Run("runs are listed in id order", func(t *testing.T) {
		st, tid, uid := seed(t)
		var ids []int64
		for i := 0; i < 3; i++ {
			id, err := st.InsertRun(ctx, contract.Run{TenantID: tid, UserID: uid, Type: "t", Status: "queued"})
			require.NoError(t, err)
			ids = append(ids, id)
		}
		runs, err := st.Runs(ctx)
		require.NoError(t, err)
		require.Len(t, runs, 3)
		for i, r := range runs {
			assert.Equal(t, ids[i], r.ID)
		}
	})
}

// second is the error of a two-valued call.
func second[T any](_ T, err error) error { return err }
