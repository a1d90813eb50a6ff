package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/runfile"
	"github.com/conform-dev/conform/store"
)

// Seeding: tenants, operators with memberships and capabilities, and runs whose context is
// given verbatim (for degraded, terminal and out-of-scope shapes).

func givenSteps(d *definitions) {
	step(d, `^a tenant "([^"]*)" with an operator "([^"]*)" who may view its operations$`, tenantWithOperator)
	step(d, `^an operator "([^"]*)" who is a member of "([^"]*)" without the view capability$`, memberWithoutCapability)
	step(d, `^an operator "([^"]*)" who may view the operations of "([^"]*)" and "([^"]*)"$`, memberOfTwo)
	step(d, `^a running (.+?) run(?: "([^"]*)")? for "([^"]*)" whose context is (.+)$`, runningRun)
	step(d, `^a (.+?) run for "([^"]*)" with status "([^"]*)" and outcome "([^"]*)" whose context is (.+)$`, runWithLifecycle)
	step(d, `^the run's summary counts are (.+)$`, summaryCounts)
	step(d, `^the run's outcome becomes "([^"]*)" while its status stays "([^"]*)"$`, lifecycleChange)
}

func tenantWithOperator(ctx context.Context, tenant, operator string) error {
	w := world(ctx)
	tid, err := w.store.CreateTenant(ctx, tenant)
	if err != nil {
		return err
	}
	w.tenants[tenant] = tid
	uid, err := w.store.CreateUser(ctx, operator)
	if err != nil {
		return err
	}
	w.users[operator] = uid
	if w.viewer == 0 {
		w.viewer = uid
	}
	return w.store.Grant(ctx, uid, tid, []string{contract.ViewCapability})
}

// memberOfTwo seeds an operator with the view capability in two tenants.
func memberOfTwo(ctx context.Context, operator, a, b string) error {
	w := world(ctx)
	uid, err := w.store.CreateUser(ctx, operator)
	if err != nil {
		return err
	}
	w.users[operator] = uid
	for _, t := range []string{a, b} {
		tid, err := w.tenant(t)
		if err != nil {
			return err
		}
		if err := w.store.Grant(ctx, uid, tid, []string{contract.ViewCapability}); err != nil {
			return err
		}
	}
	return nil
}

func memberWithoutCapability(ctx context.Context, operator, tenant string) error {
	w := world(ctx)
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	uid, err := w.store.CreateUser(ctx, operator)
	if err != nil {
		return err
	}
	w.users[operator] = uid
	return w.store.Grant(ctx, uid, tid, []string{"baselines.capture"})
}

// jsonValue decodes a JSON value given in a step, keeping number literals.
func jsonValue(text string) (any, error) {
	item := runfile.Read("step", []byte(`{"context": `+text+`}`))
	if item[0].Err != nil {
		return nil, fmt.Errorf("the context %s is not valid JSON", text)
	}
	return item[0].Run.Context, nil
}

func seedRun(ctx context.Context, name, alias, tenant, status, outcome, contextJSON string) error {
	w := world(ctx)
	typ, err := family(name)
	if err != nil {
		return err
	}
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	value, err := jsonValue(contextJSON)
	if err != nil {
		return err
	}
	id, err := w.store.InsertRun(ctx, contract.Run{TenantID: tid, UserID: w.viewer, Type: typ,
		Status: status, Outcome: outcome, SummaryCounts: []any{}, Context: value})
	if err != nil {
		return err
	}
	w.current, w.written = id, value
	if alias != "" {
		w.runs[alias] = id
	}
	return nil
}

func runningRun(ctx context.Context, name, alias, tenant, contextJSON string) error {
	return seedRun(ctx, name, alias, tenant, "running", "pending", contextJSON)
}

func runWithLifecycle(ctx context.Context, name, tenant, status, outcome, contextJSON string) error {
	return seedRun(ctx, name, "", tenant, status, outcome, contextJSON)
}

var countsSentence = regexp.MustCompile(`^processed (\d+) of total (\d+)$`)

// summaryCounts accepts "processed 3 of total 12" or a JSON object written verbatim.
func summaryCounts(ctx context.Context, text string) error {
	w := world(ctx)
	raw := []byte(text)
	if m := countsSentence.FindStringSubmatch(text); m != nil {
		p, _ := strconv.ParseInt(m[1], 10, 64)
		t, _ := strconv.ParseInt(m[2], 10, 64)
		raw, _ = json.Marshal(map[string]int64{"processed": p, "total": t})
	} else if !json.Valid(raw) {
		return fmt.Errorf("summary counts %q are neither \"processed N of total M\" nor JSON", text)
	}
	if j := w.job; j != nil {
		// Written on the job's run, over what the job writes: where the scenario looks.
		j.later = append(j.later, func(ctx context.Context, st store.Store, id int64) error { return st.SetSummaryCounts(ctx, id, raw) })
		j.stale = true
		return nil
	}
	return w.store.SetSummaryCounts(ctx, w.current, raw)
}

func lifecycleChange(ctx context.Context, outcome, status string) error {
	w := world(ctx)
	return w.store.SetLifecycle(ctx, w.current, status, outcome)
}
