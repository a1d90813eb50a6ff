package errline

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestWrap(t *testing.T) {
	sentinel := errors.New("sentinel")
	tests := []struct {
		name string
		err  error
		want string
		is   []error
	}{
		{"keeps the chain", fmt.Errorf("dial: %w", context.Canceled), "connect: interrupted", []error{context.Canceled}},
		{"joined causes", errors.Join(errors.New("fk"), sentinel), "grant: user 3 does not exist", []error{sentinel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.err, "%s", tt.want)
			if got.Error() != tt.want {
				t.Errorf("Error() = %q, want %q", got.Error(), tt.want)
			}
			for _, target := range tt.is {
				if !errors.Is(got, target) {
					t.Errorf("errors.Is(%v, %v) = false", got, target)
				}
			}
			if errors.Is(got, context.DeadlineExceeded) {
				t.Errorf("errors.Is(%v, DeadlineExceeded) = true", got)
			}
		})
	}
	if Wrap(nil, "x") != nil {
		t.Error("Wrap(nil) is not nil")
	}
}

func TestFlat(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("one line"), "one line"},
		{errors.New("dial tcp:\n\tconnection   refused\n"), "dial tcp: connection refused"},
	}
	for _, tt := range tests {
		if got := Flat(tt.err); got != tt.want {
			t.Errorf("Flat(%q) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
