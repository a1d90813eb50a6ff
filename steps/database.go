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
	"github.com/conform-dev/conform/store"
)

// Steps that are about what the database really stores.

func databaseSteps(d *definitions) {
	step(d, `^the context read back equals (.+) as JSON$`, contextReadBack)
	step(d, `^the run resolves the same as its context before storage$`, resolvesSameAsBefore)
	step(d, `^the database schema is recorded$`, recordSchema)
	step(d, `^the database schema is unchanged$`, schemaUnchanged)
	step(d, `^no column stores a capability or mode flag$`, noFlagColumns)
	step(d, `^the capture reaches its "([^"]*)" boundary while (\d+) other writers record context members at the same moment$`, concurrentWriters)
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
	return expect(want == stored, "after storage: %+v\nbefore storage: %+v", stored, want)
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

func concurrentWriters(ctx context.Context, boundary string, others int) error {
	w := world(ctx)
	if err := w.requireJob(); err != nil {
		return err
	}
	start := make(chan struct{})
	errs := make(chan error, others+1)
	var wg sync.WaitGroup
	wg.Add(others + 1)
	go func() {
		defer wg.Done()
		<-start
		errs <- w.job.Reach(ctx, boundary)
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
