// Package impl is the seam between the features and an implementation of the progress
// contract: the reference contract in process, or (through the adapter protocol) any other.
// Every scenario talks to an Implementation, so it runs unchanged against either.
package impl

import (
	"context"

	"github.com/conform-dev/conform/contract"
)

// Presented is what a shell request answers: the status code, and the hint fragment only
// when the actor may view the run.
type Presented struct {
	Status    int
	ShellHTML string
}

// Implementation is what the harness asks of an implementation of the contract.
type Implementation interface {
	Name() string
	Resolve(ctx context.Context, run contract.Run) (contract.Resolution, error)
	Present(ctx context.Context, run contract.Run, actor contract.Actor) (Presented, error)
}

// Reference is the reference contract, in process.
type Reference struct{}

var _ Implementation = Reference{}

func (Reference) Name() string { return "reference" }

func (Reference) Resolve(_ context.Context, run contract.Run) (contract.Resolution, error) {
	return contract.Resolve(run), nil
}

func (Reference) Present(_ context.Context, run contract.Run, actor contract.Actor) (Presented, error) {
	status, hint, ok := contract.View(actor, run)
	if !ok {
		return Presented{Status: status}, nil
	}
	return Presented{Status: status, ShellHTML: hint.HTML()}, nil
}
