package pgcontainer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/internal/procenv"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	tcpostgres "github.com/testcontainers/testcontainers-go/modules/postgres"
	"github.com/testcontainers/testcontainers-go/wait"
)

// DefaultImage is the official image users elsewhere get.
const DefaultImage = "postgres:16-alpine"

// Label marks every container conform starts, so `docker ps --filter label=...` finds them.
const Label = "dev.conform.harness"

// Image is the image to start: CONFORM_PG_IMAGE, or the official default.
func Image() string {
	if img := os.Getenv("CONFORM_PG_IMAGE"); img != "" {
		return img
	}
	return DefaultImage
}

// The database, user and password of every container conform starts (the image bakes a
// cluster for exactly these; the port is published on loopback only).
const (
	database = "conform"
	user     = "conform"
	password = "conform"
)

// Container is a started PostgreSQL container.
type Container struct {
	DSN     string
	Image   string
	Started time.Duration
	c       *tcpostgres.PostgresContainer
}

// configure sets testcontainers up for conform, once, when a container is first asked for
// (never at start-up: a run without a container store changes nothing): no reaper (conform
// removes its own container, and the reaper image cannot be pulled where no registry is
// reachable; a user who wants it sets TESTCONTAINERS_RYUK_DISABLED=false), the published port
// on this machine's loopback when the engine is local (inside a container testcontainers would
// dial the bridge gateway instead; a remote DOCKER_HOST, or an explicit override, is left
// alone), and no log lines of its own (conform reports progress; CONFORM_DEBUG keeps them).
// The variables are conform's own: the programs it starts do not get them (procenv).
var configure = sync.OnceFunc(func() {
	procenv.SetDefault("TESTCONTAINERS_RYUK_DISABLED", "true")
	if h := os.Getenv("DOCKER_HOST"); h == "" || strings.HasPrefix(h, "unix://") {
		procenv.SetDefault("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")
	}
	if os.Getenv("CONFORM_DEBUG") == "" {
		tclog.SetDefault(tclog.NewNoopLogger())
	}
})

// Start starts a container from image and waits until PostgreSQL accepts connections.
func Start(ctx context.Context, image string) (*Container, error) {
	configure()
	begin := time.Now()
	if err := dockerHealthy(ctx); err != nil {
		return nil, err
	}
	c, err := tcpostgres.Run(ctx, image,
		tcpostgres.WithDatabase(database),
		tcpostgres.WithUsername(user),
		tcpostgres.WithPassword(password),
		testcontainers.WithLabels(map[string]string{Label: "true", OwnerLabel: owner.Self().Mark("container"), RunLabel: owner.Self().Run}),
		// Scratch data lives in memory: every scenario clones a database, and a clone on an
		// overlay file system costs hundreds of milliseconds.
		testcontainers.WithTmpfs(map[string]string{"/var/lib/postgresql/data": "rw"}),
		// The server that accepts conform's connections runs as PID 1 (an initialising one,
		// where there is one, does not): its readiness line is the one to wait for, whether
		// the image ran initdb or copied a cluster made at build time.
		// conform dials a local engine's published port on loopback (configure); the port is bound
		// there too, so the superuser with its well-known password is not offered to the network.
		testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) {
			if ip, err := netip.ParseAddr(os.Getenv("TESTCONTAINERS_HOST_OVERRIDE")); err == nil && ip.IsLoopback() {
				hc.PortBindings = network.PortMap{network.MustParsePort("5432/tcp"): {{HostIP: ip}}}
			}
		}),
		testcontainers.WithWaitStrategy(
			wait.ForLog(`\[1\] LOG: +database system is ready to accept connections`).AsRegexp().WithStartupTimeout(90*time.Second),
			wait.ForListeningPort("5432/tcp").WithStartupTimeout(90*time.Second),
		),
	)
	if err != nil {
		if c != nil {
			_ = testcontainers.TerminateContainer(c)
		}
		if ctx.Err() != nil {
			return nil, errline.Wrap(errors.Join(ctx.Err(), err), "PostgreSQL start interrupted; the container was removed")
		}
		return nil, classify(image, err)
	}
	dsn, err := c.ConnectionString(ctx, "sslmode=disable")
	if err != nil {
		_ = testcontainers.TerminateContainer(c)
		return nil, fmt.Errorf("PostgreSQL container: %w", err)
	}
	return &Container{DSN: dsn, Image: image, Started: time.Since(begin), c: c}, nil
}

// Terminate stops and removes the container; it is safe to call twice.
func (c *Container) Terminate() error {
	if c == nil || c.c == nil {
		return nil
	}
	err := testcontainers.TerminateContainer(c.c)
	c.c = nil
	return err
}

// OwnerLabel carries the owner mark of the conform process that started a container (package
// owner): a run killed with SIGKILL cannot remove its container, and the reaper is off.
const OwnerLabel = "dev.conform.owner"

// RunLabel carries the run id of the conform process that started a container, as its
// sessions name it in application_name: while the container's server has a session of that
// run, the run is alive, whatever pid namespace it runs in.
const RunLabel = "dev.conform.run"

// Leftover is a container another conform run started and did not remove.
type Leftover struct {
	ID    string
	Name  string
	Run   string
	Owner *owner.Owner // its mark; nil when the label is missing or unreadable
	// DSN reaches the container's server when it runs and publishes its port ("" otherwise),
	// so that the sessions of its run can be counted.
	DSN string
}

// Leftovers lists the containers that carry conform's label and were started by another
// conform run. Containers without a run are never listed.
func Leftovers(ctx context.Context) ([]Leftover, error) {
	configure()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return nil, noDocker(err)
	}
	defer cli.Close()
	res, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: client.Filters{}.Add("label", Label)})
	if err != nil {
		return nil, errline.Wrap(err, "list containers: %s", firstLine(err))
	}
	self := owner.Self()
	var out []Leftover
	for _, c := range res.Items {
		l := Leftover{ID: c.ID, Name: c.ID[:min(12, len(c.ID))], Run: c.Labels[RunLabel]}
		if len(c.Names) > 0 {
			l.Name = strings.TrimPrefix(c.Names[0], "/")
		}
		if o, ok := owner.Parse(c.Labels[OwnerLabel]); ok {
			if l.Run == "" {
				l.Run = o.Run // started by a conform that did not write the run label
			}
			if o.Run == l.Run {
				l.Owner = &o
			}
		}
		if !owner.IsRunID(l.Run) || l.Run == self.Run {
			continue
		}
		if c.State == "running" {
			for _, p := range c.Ports {
				if p.PrivatePort == 5432 && p.PublicPort != 0 {
					host := p.IP.String()
					if !p.IP.IsValid() || p.IP.IsUnspecified() {
						host = "127.0.0.1"
					}
					l.DSN = fmt.Sprintf("postgres://%s:%s@%s/%s?sslmode=disable&connect_timeout=3", user, password,
						net.JoinHostPort(host, fmt.Sprint(p.PublicPort)), database)
					break
				}
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// RemoveLeftover removes one container Leftovers listed.
func RemoveLeftover(ctx context.Context, l Leftover) error {
	configure()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return noDocker(err)
	}
	defer cli.Close()
	if _, err := cli.ContainerRemove(ctx, l.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil {
		return errline.Wrap(err, "remove container %s: %s", l.Name, firstLine(err))
	}
	return nil
}

// dockerHealthy fails in one line when the Docker engine cannot be reached.
func dockerHealthy(ctx context.Context) error {
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return noDocker(err)
	}
	defer p.Close()
	if err := p.Health(ctx); err != nil {
		return noDocker(err)
	}
	return nil
}

func classify(image string, err error) error {
	msg := firstLine(err)
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "pull") || strings.Contains(low, "no such image") || strings.Contains(low, "not found") || strings.Contains(low, "registry"):
		return errline.Wrap(err, "PostgreSQL image %s is not present and cannot be pulled (build a local one with scripts/pg-image/build.sh and pass --pg-image, or set CONFORM_PG_IMAGE)", image)
	case strings.Contains(low, "context canceled"):
		return errline.Wrap(err, "PostgreSQL container start was interrupted")
	}
	return errline.Wrap(err, "PostgreSQL container from %s did not start: %s", image, msg)
}

// ErrNoDocker is what every function of this package returns (wrapped) when the Docker
// engine cannot be reached.
var ErrNoDocker = errors.New("Docker is not reachable")

// noDocker reads as "Docker is not reachable: <why, on one line>" and is ErrNoDocker and err.
func noDocker(err error) error {
	return errline.Wrap(errors.Join(ErrNoDocker, err), "%v: %s", ErrNoDocker, firstLine(err))
}

func firstLine(err error) string {
	s := strings.TrimSpace(err.Error())
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// Preflight tells, in one line and before anything starts, whether Start could start a container
// from image here: the engine answers and the image is present (none can be pulled where no
// registry is reachable, and a run should not start the implementation only to find that out).
func Preflight(ctx context.Context, image string) error {
	if err := dockerHealthy(ctx); err != nil {
		return err
	}
	configure()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return noDocker(err)
	}
	defer cli.Close()
	if _, err := cli.ImageInspect(ctx, image); err != nil {
		return classify(image, fmt.Errorf("no such image: %w", err))
	}
	return nil
}
