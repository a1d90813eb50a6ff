package pgcontainer

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/moby/moby/api/types/network"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// TestThePortIsPublishedOnLoopbackOnly: with a local engine the container's superuser (its
// password is in this repository) is reachable from this machine only; the DSN dials there.
// Without a Docker engine, or without the image (none can be pulled where there is no
// registry), it skips, unless CONFORM_REQUIRE_POSTGRES says PostgreSQL must be there.
func TestThePortIsPublishedOnLoopbackOnly(t *testing.T) {
	if err := Preflight(context.Background(), Image()); err != nil {
		if os.Getenv("CONFORM_REQUIRE_POSTGRES") != "" {
			t.Fatalf("PostgreSQL is required (CONFORM_REQUIRE_POSTGRES) but: %v", err)
		}
		t.Skip(err)
	}
	if os.Getenv("TESTCONTAINERS_HOST_OVERRIDE") != "127.0.0.1" { // as configure sets it for a local engine
		t.Skip("a remote engine or a host override: the port is published where the engine decides")
	}
	c, err := Start(context.Background(), Image())
	require.NoError(t, err)
	defer c.Terminate()
	info, err := c.c.Inspect(context.Background())
	require.NoError(t, err)
	bindings := info.NetworkSettings.Ports[network.MustParsePort("5432/tcp")]
	require.NotEmpty(t, bindings)
	for _, b := range bindings {
		assert.Equal(t, "127.0.0.1", b.HostIP.String(), "published on %s:%s", b.HostIP, b.HostPort)
	}
	assert.Contains(t, c.DSN, "@127.0.0.1:")
}
