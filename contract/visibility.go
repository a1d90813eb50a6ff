package contract

// ViewCapability is the capability a tenant member needs to view operation runs.
const ViewCapability = "operations.view"

// Actor is who asks to see a run: the tenants they are a member of, each with the
// capabilities granted there, as the application lists them (a tenant may be listed twice).
type Actor struct {
	UserID      int64
	Memberships []Membership
}

// Membership is one membership row of an actor.
type Membership struct {
	TenantID     int64
	Capabilities []string
}

// Member reports whether the actor is a member of the tenant: any membership of that exact
// tenant id. A membership of another tenant (a platform or workspace tenant included) is
// nothing here.
func (a Actor) Member(tenantID int64) bool {
	for _, m := range a.Memberships {
		if m.TenantID == tenantID {
			return true
		}
	}
	return false
}

// May reports whether the actor holds a capability in a tenant: any of its memberships of that
// tenant grants it, spelt exactly (no case folding, no spaces, no wildcard: "*" and
// "operations.*" are other strings).
func (a Actor) May(tenantID int64, capability string) bool {
	for _, m := range a.Memberships {
		if m.TenantID != tenantID {
			continue
		}
		for _, c := range m.Capabilities {
			if c == capability {
				return true
			}
		}
	}
	return false
}

// Grant is an actor with one more membership: a test's and a generator's shorthand.
func (a Actor) Grant(tenantID int64, capabilities ...string) Actor {
	a.Memberships = append(append([]Membership{}, a.Memberships...), Membership{TenantID: tenantID, Capabilities: append([]string{}, capabilities...)})
	return a
}

// HTTP status codes of the visibility rule (AR-001).
const (
	StatusOK        = 200
	StatusForbidden = 403
	StatusNotFound  = 404
)

// Access applies the existing OperationRun policy: an actor out of the run's scope (not a
// member of its tenant: anonymous, a member of other tenants only, a platform membership, the
// run's own user without a membership) gets 404, so the run's existence does not leak; a
// member without the view capability in that tenant gets 403; everyone else 200. Duplicate
// memberships of one tenant are one membership with the union of their capabilities.
func Access(actor Actor, run Run) int {
	switch {
	case !actor.Member(run.TenantID):
		return StatusNotFound
	case actor.May(run.TenantID, ViewCapability):
		return StatusOK
	}
	return StatusForbidden
}

// View is the whole read path of one run for one actor: the status code, and the shell hint
// only when the actor may view the run. Nothing of the run (not even its progress copy)
// reaches a 403 or 404 (AR-002): the resolution is not even computed for them.
func View(actor Actor, run Run) (status int, hint ShellHint, ok bool) {
	return Builtin.View(actor, run)
}

// View is the read path of one run with this registry's families.
func (r *Registry) View(actor Actor, run Run) (status int, hint ShellHint, ok bool) {
	status = Access(actor, run)
	if status != StatusOK {
		return status, ShellHint{}, false
	}
	return status, r.Present(run, r.Resolve(run)), true
}

// TenantShell lists the hints of one tenant's shell with this registry's families.
func (r *Registry) TenantShell(actor Actor, tenantID int64, runs []Run) []ShellHint {
	var hints []ShellHint
	for _, run := range runs {
		if run.TenantID != tenantID {
			continue
		}
		if _, h, ok := r.View(actor, run); ok {
			hints = append(hints, h)
		}
	}
	return hints
}

// TenantAccess is the rule of a tenant-scoped surface such as the shell: members get 200,
// everyone else 404, so a tenant's existence does not leak either. A member without
// operations.view gets 200 and a shell that lists no run.
func TenantAccess(actor Actor, tenantID int64) int {
	if actor.Member(tenantID) {
		return StatusOK
	}
	return StatusNotFound
}
