// Package errline makes errors that read as one line for a person yet keep their cause for a
// program: Error() is the line conform prints (the driver's or Docker's message trimmed to
// what helps), Unwrap still reaches the original error, so errors.Is(err, context.Canceled)
// and errors.As(err, &pgErr) keep working however the message was shortened.
package errline

import "fmt"

type wrapped struct {
	text string
	err  error
}

func (e *wrapped) Error() string { return e.text }
func (e *wrapped) Unwrap() error { return e.err }

// Wrap returns an error that reads as the formatted text and unwraps to err (nil: nil).
func Wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &wrapped{text: fmt.Sprintf(format, args...), err: err}
}
