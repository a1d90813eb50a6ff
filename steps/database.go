package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"sync"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/jobs"
	"github.com/conform-dev/conform/store"
)

// Steps that are about what the database really stores.

func databaseSteps(d *definitions) {
	step(d, `^the context read back equals (.+) as JSON$`, contextReadBack)
	step(d, `^the run resolves the same as its context before storage$`, resolvesSameAsBefore)
	step(d, `^the database schema is recorded$`, recordSchema)
	step(d, `^the database schema is unchanged$`, schemaUnchanged)
	step(d, `^no column stores a capability or mode flag$`, noFlagColumns)
	step(d, `^the reference writers queue a (standard|full-content) baseline (capture|compare) run for "([^"]*)"$`, referenceQueue)
	step(d, `^the reference (?:capture|compare) reaches its "([^"]*)" boundary$`, referenceReach)
	step(d, `^the reference (?:capture|compare) reaches its "([^"]*)" boundary while (\d+) other writers record context members at the same moment$`, concurrentWriters)
	step(d, `^the run's context holds all (\d+) other members$`, holdsMembers)
}

// sameJSON compares JSON values as JSON means them: objects by key, numbers by value.
func sameJSON(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !sameJSON(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		p, ok1 := new(big.Rat).SetString(string(x))
		q, ok2 := new(big.Rat).SetString(string(y))
		return ok1 && ok2 && p.Cmp(q) == 0
	}
	return reflect.DeepEqual(a, b)
}

func contextReadBack(ctx context.Context, text string) error {
	w := world(ctx)
	want, err := jsonValue(text)
	if err != nil {
		return err
	}
	run, err := w.storedRun(ctx)
	if err != nil {
		return err
	}
	got, _ := json.Marshal(run.Context)
	return expect(sameJSON(want, run.Context), "context read back: got %s, want %s", got, text)
}

func resolvesSameAsBefore(ctx context.Context) error {
	w := world(ctx)
	run, stored, err := w.resolve(ctx)
	if err != nil {
		return err
	}
	if w.written == nil {
		return fmt.Errorf("no context was written in this scenario")
	}
	before := run
	before.Context = w.written
	want, err := w.cfg.Impl.Resolve(ctx, before)
	if err != nil {
		return err
	}
	return expect(want == stored, "stored and read back: got %+v, want %+v (as it was before storage)", stored, want)
}

func inspector(w *World) (store.SchemaInspector, error) {
	si, ok := w.store.(store.SchemaInspector)
	if !ok {
		return nil, fmt.Errorf("this scenario needs a database schema; run it on PostgreSQL (--lane confidence)")
	}
	return si, nil
}

func recordSchema(ctx context.Context) error {
	w := world(ctx)
	si, err := inspector(w)
	if err != nil {
		return err
	}
	w.schema, err = si.Columns(ctx)
	return err
}

func schemaUnchanged(ctx context.Context) error {
	w := world(ctx)
	si, err := inspector(w)
	if err != nil {
		return err
	}
	now, err := si.Columns(ctx)
	if err != nil {
		return err
	}
	return expect(len(w.schema) > 0 && strings.Join(now, ",") == strings.Join(w.schema, ","),
		"schema changed:\nbefore %v\nafter  %v", w.schema, now)
}

func noFlagColumns(ctx context.Context) error {
	w := world(ctx)
	si, err := inspector(w)
	if err != nil {
		return err
	}
	cols, err := si.Columns(ctx)
	if err != nil {
		return err
	}
	for _, c := range cols {
		_, col, _ := strings.Cut(c, ".")
		for _, flag := range contract.ForbiddenProgressKeys {
			if col == flag || strings.HasSuffix(col, "_"+flag) {
				return fmt.Errorf("column %s stores a derived %s flag", c, flag)
			}
		}
	}
	return nil
}

// referenceQueue queues a job of conform's reference writers on the scenario's database: the
// scenarios about what their SQL does there (one atomic statement per boundary) drive them.
func referenceQueue(ctx context.Context, path, kind, tenant string) error {
	w := world(ctx)
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	queue := jobs.QueueCapture
	if kind == "compare" {
		queue = jobs.QueueCompare
	}
	w.reference, err = queue(ctx, w.store, tid, w.viewer, path == "full-content")
	if err != nil {
		return err
	}
	w.job, w.current = nil, w.reference.RunID
	return nil
}

func referenceReach(ctx context.Context, boundary string) error {
	w := world(ctx)
	if w.reference == nil {
		return fmt.Errorf("the reference writers queued nothing in this scenario")
	}
	return w.reference.Reach(ctx, boundary)
}

// concurrentWriters moves the reference job to a boundary while others write other context
// members of its run at the same moment.
func concurrentWriters(ctx context.Context, boundary string, others int) error {
	w := world(ctx)
	if w.reference == nil {
		return fmt.Errorf("the reference writers queued nothing in this scenario")
	}
	ref := w.reference
	start := make(chan struct{})
	errs := make(chan error, others+1)
	var wg sync.WaitGroup
	wg.Add(others + 1)
	go func() {
		defer wg.Done()
		<-start
		errs <- ref.Reach(ctx, boundary)
	}()
	for i := 0; i < others; i++ {
		go func(i int) {
			defer wg.Done()
			<-start
			errs <- w.store.SetContext(ctx, w.current, []string{"diagnostics", fmt.Sprintf("writer_%d", i)}, i)
		}(i)
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func holdsMembers(ctx context.Context, n int) error {
	w := world(ctx)
	run, err := w.storedRun(ctx)
	if err != nil {
		return err
	}
	diag, _ := dig(run.Context, "diagnostics").(map[string]any)
	for i := 0; i < n; i++ {
		if _, ok := diag[fmt.Sprintf("writer_%d", i)]; !ok {
			return fmt.Errorf("writer_%d was lost; context is %v", i, run.Context)
		}
	}
	return nil
}
