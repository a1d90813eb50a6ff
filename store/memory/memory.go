package memory

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/store/internal/notfound"
)

type row struct {
	run           contract.Run
	context       []byte
	summaryCounts []byte
}

// Store keeps tenants, users, memberships and runs in maps guarded by one mutex.
type Store struct {
	mu      sync.Mutex
	now     func() time.Time
	nextID  int64
	tenants map[int64]string
	users   map[int64]string
	members map[int64]map[int64][]string // user -> tenant -> capabilities
	runs    map[int64]*row
}

// New returns an empty store.
func New() *Store {
	return &Store{now: time.Now, tenants: map[int64]string{}, users: map[int64]string{},
		members: map[int64]map[int64][]string{}, runs: map[int64]*row{}}
}

func (s *Store) id() int64 { s.nextID++; return s.nextID }

func (s *Store) CreateTenant(_ context.Context, name string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.id()
	s.tenants[id] = name
	return id, nil
}

func (s *Store) CreateUser(_ context.Context, name string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.id()
	s.users[id] = name
	return id, nil
}

func (s *Store) Grant(_ context.Context, userID, tenantID int64, caps []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[userID]; !ok {
		return fmt.Errorf("user %d: %w", userID, notfound.Err)
	}
	if _, ok := s.tenants[tenantID]; !ok {
		return fmt.Errorf("tenant %d: %w", tenantID, notfound.Err)
	}
	if s.members[userID] == nil {
		s.members[userID] = map[int64][]string{}
	}
	s.members[userID][tenantID] = append([]string{}, caps...)
	return nil
}

func (s *Store) Actor(_ context.Context, userID int64) (contract.Actor, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[userID]; !ok {
		return contract.Actor{}, fmt.Errorf("user %d: %w", userID, notfound.Err)
	}
	a := contract.Actor{UserID: userID, Memberships: []contract.Membership{}}
	for _, t := range slices.Sorted(maps.Keys(s.members[userID])) {
		a = a.Grant(t, s.members[userID][t]...)
	}
	return a, nil
}

func (s *Store) InsertRun(_ context.Context, run contract.Run) (int64, error) {
	ctxJSON, err := json.Marshal(run.Context)
	if err != nil {
		return 0, fmt.Errorf("context: %w", err)
	}
	countsJSON, err := json.Marshal(run.SummaryCounts)
	if err != nil {
		return 0, fmt.Errorf("summary_counts: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tenants[run.TenantID]; !ok {
		return 0, fmt.Errorf("tenant %d: %w", run.TenantID, notfound.Err)
	}
	if _, ok := s.users[run.UserID]; run.UserID != 0 && !ok {
		return 0, fmt.Errorf("user %d: %w", run.UserID, notfound.Err)
	}
	run.ID = s.id()
	now := s.now().UTC().Format(time.RFC3339Nano)
	run.CreatedAt, run.UpdatedAt = now, now
	run.Context, run.SummaryCounts = nil, nil
	s.runs[run.ID] = &row{run: run, context: ctxJSON, summaryCounts: countsJSON}
	return run.ID, nil
}

func decode(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func (s *Store) load(r *row) (contract.Run, error) {
	run := r.run
	var err error
	if run.Context, err = decode(r.context); err != nil {
		return contract.Run{}, fmt.Errorf("run %d context: %w", run.ID, err)
	}
	if run.SummaryCounts, err = decode(r.summaryCounts); err != nil {
		return contract.Run{}, fmt.Errorf("run %d summary_counts: %w", run.ID, err)
	}
	return run, nil
}

func (s *Store) Run(_ context.Context, id int64) (contract.Run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.runs[id]
	if !ok {
		return contract.Run{}, fmt.Errorf("run %d: %w", id, notfound.Err)
	}
	return s.load(r)
}

func (s *Store) Runs(_ context.Context) ([]contract.Run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(s.runs))
	for id := range s.runs {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	runs := make([]contract.Run, 0, len(ids))
	for _, id := range ids {
		run, err := s.load(s.runs[id])
		if err != nil {
			return nil, err
		}
		runs = append(runs, run)
	}
	return runs, nil
}

// update runs f on a run's row under the lock and touches updated_at.
func (s *Store) update(id int64, f func(r *row) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.runs[id]
	if !ok {
		return fmt.Errorf("run %d: %w", id, notfound.Err)
	}
	if err := f(r); err != nil {
		return err
	}
	r.run.UpdatedAt = s.now().UTC().Format(time.RFC3339Nano)
	return nil
}

func (s *Store) SetContext(_ context.Context, id int64, path []string, value any) error {
	if len(path) == 0 {
		return fmt.Errorf("SetContext: empty path")
	}
	return s.update(id, func(r *row) error {
		root, err := decode(r.context)
		if err != nil {
			return err
		}
		// Like jsonb_set over coalesced objects: anything that is not an object on the way
		// (null, [], a scalar) is replaced by an object.
		top, ok := root.(map[string]any)
		if !ok {
			top = map[string]any{}
		}
		cur := top
		for _, k := range path[:len(path)-1] {
			next, ok := cur[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[k] = next
			}
			cur = next
		}
		cur[path[len(path)-1]] = value
		raw, err := json.Marshal(top)
		if err != nil {
			return fmt.Errorf("context: %w", err)
		}
		r.context = raw
		return nil
	})
}

func (s *Store) SetSummaryCounts(_ context.Context, id int64, raw []byte) error {
	if !json.Valid(raw) {
		return fmt.Errorf("summary_counts: invalid JSON %q", raw)
	}
	return s.update(id, func(r *row) error { r.summaryCounts = append([]byte{}, raw...); return nil })
}

func (s *Store) SetLifecycle(_ context.Context, id int64, status, outcome string) error {
	return s.update(id, func(r *row) error {
		now := s.now().UTC().Format(time.RFC3339Nano)
		if status == "running" && r.run.StartedAt == "" {
			r.run.StartedAt = now
		}
		if status == "completed" {
			r.run.CompletedAt = now
		}
		r.run.Status, r.run.Outcome = status, outcome
		return nil
	})
}

func (s *Store) Close() error { return nil }
