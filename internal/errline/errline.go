package errline

import (
	"fmt"
	"strings"
)

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

// Flat is err's text on one line: every run of white space, line breaks included, becomes one
// space (drivers and validators spread their messages over lines).
func Flat(err error) string {
	if err == nil {
		return ""
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}
