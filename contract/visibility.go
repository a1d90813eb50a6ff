package contract

// ViewCapability is the capability a tenant member needs to view operation runs.
const ViewCapability = "operations.view"

// Actor is who asks to see a run: the tenants they are a member of, each with the
// capabilities granted there.
type Actor struct {
	UserID      int64
	Memberships map[int64][]string
}

// HTTP status codes of the visibility rule (AR-001).
const (
	StatusOK        = 200
	StatusForbidden = 403
	StatusNotFound  = 404
)

// Access applies the existing OperationRun policy: a non-member of the run's tenant (or an
// anonymous actor) gets 404, so the run's existence does not leak; a member without the view
// capability gets 403; everyone else 200.
func Access(actor Actor, run Run) int {
	caps, member := actor.Memberships[run.TenantID]
	if !member {
		return StatusNotFound
	}
	for _, c := range caps {
		if c == ViewCapability {
			return StatusOK
		}
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
// everyone else 404, so a tenant's existence does not leak either.
func TenantAccess(actor Actor, tenantID int64) int {
	if _, member := actor.Memberships[tenantID]; member {
		return StatusOK
	}
	return StatusNotFound
}
