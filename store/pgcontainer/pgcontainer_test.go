package pgcontainer

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClassify(t *testing.T) {
	for in, want := range map[string]string{
		`create container: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host`: "is not present and cannot be pulled",
		"pull access denied for x":                       "is not present and cannot be pulled",
		"wait until ready: container exited with code 1": "did not start: wait until ready",
	} {
		assert.Contains(t, classify("img", errors.New(in)).Error(), want, in)
	}
}

func TestImage(t *testing.T) {
	t.Setenv("CONFORM_PG_IMAGE", "")
	assert.Equal(t, DefaultImage, Image())
	t.Setenv("CONFORM_PG_IMAGE", "conform-postgres:15")
	assert.Equal(t, "conform-postgres:15", Image())
}
