package sweep

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/jsonvalue"
	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/subject"
)

// Kept is a divergence the sweep found, kept as a file of a corpus: the shrunk case (a run, the
// actor, the tenant shell) or writer scenario, the property it broke and where it was drawn.
// A later sweep replays its corpus before drawing new cases (--sweep-corpus DIR), so a
// divergence found once is never lost to another seed.
type Kept struct {
	Property string `json:"property"`
	Seed     uint64 `json:"seed"`
	Index    int    `json:"case"`
	// Registry is k+1 when the case was drawn with generated registry k (GenerateRegistry of
	// Seed), 0 for the registry in force.
	Registry int                      `json:"registry,omitempty"`
	Run      json.RawMessage          `json:"run,omitempty"`
	Actor    *protocol.Actor          `json:"actor,omitempty"`
	Page     *KeptPage                `json:"page,omitempty"`
	Writer   *contract.WriterScenario `json:"writer,omitempty"`
	// File is where the entry was read from ("" for one not read from a file).
	File string `json:"-"`
}

// KeptPage is a tenant shell case: the tenant whose shell the actor opens, and its runs.
type KeptPage struct {
	Tenant int64             `json:"tenant"`
	Runs   []json.RawMessage `json:"runs"`
}

// Kept is the failure as a corpus entry.
func (f Failure) Kept() Kept {
	run, _ := json.Marshal(f.Case.Run)
	actor := protocol.ActorFrom(f.Case.Actor)
	k := Kept{Property: f.Property, Seed: f.Seed, Index: f.Index, Registry: f.Case.Registry, Run: run, Actor: &actor}
	if f.Case.Page != nil {
		k.Page = &KeptPage{Tenant: f.Case.PageTenant}
		for _, r := range f.Case.Page {
			raw, _ := json.Marshal(r)
			k.Page.Runs = append(k.Page.Runs, raw)
		}
	}
	return k
}

// Kept is the writer failure as a corpus entry.
func (f WriterFailure) Kept() Kept {
	sc := f.Scenario
	return Kept{Property: f.Property, Seed: f.Seed, Index: f.Index, Writer: &sc}
}

// Name is the entry's file name: its property and a digest of what it holds, so the same
// divergence found twice is one file.
func (k Kept) Name() string {
	body, _ := json.Marshal(struct {
		Run    json.RawMessage
		Actor  *protocol.Actor
		Page   *KeptPage
		Writer *contract.WriterScenario
		Reg    int
	}{k.Run, k.Actor, k.Page, k.Writer, k.Registry})
	sum := sha256.Sum256(append([]byte(k.Property+"\x00"), body...))
	return strings.NewReplacer(".", "-", "_", "-", "/", "-").Replace(k.Property) + "-" + hex.EncodeToString(sum[:4]) + ".json"
}

// Case is the run case the entry holds (a writer entry holds none).
func (k Kept) Case() (Case, error) {
	if k.Writer != nil {
		return Case{}, errors.New("a writer scenario, not a run case")
	}
	c := Case{Index: k.Index, Registry: k.Registry, Seed: k.Seed, Corpus: k.File}
	run, err := contract.DecodeRun(k.Run)
	if err != nil {
		return Case{}, fmt.Errorf("run: %w", err)
	}
	c.Run = run
	if k.Actor != nil {
		c.Actor = k.Actor.Contract()
	}
	if k.Page != nil {
		c.PageTenant = k.Page.Tenant
		c.Page = []contract.Run{}
		for i, raw := range k.Page.Runs {
			r, err := contract.DecodeRun(raw)
			if err != nil {
				return Case{}, fmt.Errorf("page.runs[%d]: %w", i, err)
			}
			c.Page = append(c.Page, r)
		}
	}
	return c, nil
}

// MaxKept bounds a corpus entry and MaxCorpus a corpus: an entry is a shrunk case of a few
// hundred bytes.
const (
	MaxKept   = 1 << 20
	MaxCorpus = 10000
)

// ParseKept reads a corpus entry strictly: errors name the file and what is wrong.
func ParseKept(name string, data []byte) (Kept, error) {
	var dup *jsonvalue.DuplicateKeyError
	if _, err := jsonvalue.ParseUnique(data); errors.As(err, &dup) {
		return Kept{}, fmt.Errorf("%s: line %d: duplicate key %q", name, 1+bytes.Count(data[:dup.Offset], []byte("\n")), dup.Key)
	} else if err != nil {
		return Kept{}, fmt.Errorf("%s: not JSON: %v", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var k Kept
	if err := dec.Decode(&k); err != nil {
		return Kept{}, fmt.Errorf("%s: not a corpus entry: %v", name, err)
	}
	k.File = name
	switch {
	case k.Writer != nil && !slices.Contains(WriterProperties(), k.Property):
		return Kept{}, fmt.Errorf("%s: property %q is no writer property (%s)", name, k.Property, strings.Join(WriterProperties(), ", "))
	case k.Writer == nil && !slices.Contains(Properties(), k.Property):
		return Kept{}, fmt.Errorf("%s: property %q is no sweep property (%s)", name, k.Property, strings.Join(Properties(), ", "))
	case k.Writer == nil && len(k.Run) == 0:
		return Kept{}, fmt.Errorf("%s: a run case needs run (or writer for a writer scenario)", name)
	case k.Registry < 0 || k.Registry > RegistryCount:
		return Kept{}, fmt.Errorf("%s: registry %d: want 0 (the registry in force) to %d", name, k.Registry, RegistryCount)
	}
	if k.Writer == nil {
		if _, err := k.Case(); err != nil {
			return Kept{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	return k, nil
}

// LoadCorpus reads every *.json of dir as a corpus entry, in name order. A directory that does
// not exist is an empty corpus (the first run makes it).
func LoadCorpus(dir string) ([]Kept, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Kept
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
			continue
		}
		if len(out) == MaxCorpus {
			return nil, fmt.Errorf("%s: more than %d entries: a corpus keeps divergences, not every case", dir, MaxCorpus)
		}
		path := filepath.Join(dir, e.Name())
		data, err := safefile.ReadBounded(path, MaxKept)
		if err != nil {
			return nil, err
		}
		k, err := ParseKept(path, data)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// WriteCorpus writes each divergence of a sweep into dir as a corpus entry (the directory is
// made if need be; an entry already there is left as it is) and returns the paths written.
func WriteCorpus(dir string, res *Result) ([]string, error) {
	if res == nil || len(res.Failures)+len(res.Writers) == 0 {
		return nil, nil
	}
	var kept []Kept
	for _, f := range res.Failures {
		kept = append(kept, f.Kept())
	}
	for _, f := range res.Writers {
		kept = append(kept, f.Kept())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, k := range kept {
		path := filepath.Join(dir, k.Name())
		if _, err := os.Lstat(path); err == nil {
			continue
		}
		data, err := json.MarshalIndent(k, "", "  ")
		if err != nil {
			return written, err
		}
		if err := safefile.WriteFile(path, append(data, '\n'), false); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// replayCorpus puts the corpus's run cases to both sides before any case is drawn, grouped by
// the registry they were drawn with, and its writer scenarios to both writers.
func (s *sweeper) replayCorpus(ctx context.Context, im subject.Implementation, reg *contract.Registry, corpus []Kept) []WriterFailure {
	type group struct {
		seed uint64
		k    int
	}
	byGroup := map[group][]Case{}
	var writers []Kept
	for i, k := range corpus {
		if !s.o.Shard.HasIndex(i) {
			continue
		}
		if k.Writer != nil {
			writers = append(writers, k)
			continue
		}
		c, err := k.Case()
		if err != nil {
			continue // ParseKept checked it
		}
		byGroup[group{k.Seed, k.Registry}] = append(byGroup[group{k.Seed, k.Registry}], c)
	}
	groups := make([]group, 0, len(byGroup))
	for g := range byGroup {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool {
		return groups[i].k < groups[j].k || groups[i].k == groups[j].k && groups[i].seed < groups[j].seed
	})
	for _, g := range groups {
		cases := byGroup[g]
		if g.k == 0 {
			s.pass(ctx, pass{im: im, ref: subject.Reference{Registry: reg}, cases: cases, to: len(cases)})
			continue
		}
		cfg, ok := im.(subject.Configurable)
		if !ok {
			continue // this implementation cannot be started with another registry
		}
		greg := GenerateRegistry(g.seed, g.k-1)
		gim := cfg.WithRegistry(greg)
		s.pass(ctx, pass{im: gim, ref: subject.Reference{Registry: greg}, cases: cases, to: len(cases), registry: g.k, regOf: greg})
		s.shrinkAll(ctx)
		if c, ok := gim.(io.Closer); ok {
			_ = c.Close()
		}
	}
	var out []WriterFailure
	seen := map[string]bool{}
	for _, k := range writers {
		if !reg.HoldsWriters(k.Writer.Family) {
			continue
		}
		for _, b := range writerBreaks(ctx, im, reg, *k.Writer) {
			if seen[b.Property] {
				continue
			}
			seen[b.Property] = true
			b.Seed, b.Index, b.Breaking, b.Corpus = k.Seed, k.Index, 1, k.File
			out = append(out, b)
		}
	}
	return out
}

// Pin turns a corpus entry into a vector of the registry reg, named name (its ID is
// CATEGORY/name) with reason: what the reference answers now is what the vector wants. It
// returns the vector's path (CATEGORY/name.yaml) and YAML. A tenant shell, a case of a
// generated registry or a writer scenario has no vector kind: an error says so.
func Pin(ctx context.Context, k Kept, reg *contract.Registry, name, reason string) (path, doc string, err error) {
	switch {
	case k.Writer != nil:
		return "", "", errors.New("a writer scenario has no vector kind: keep it in the corpus (--sweep-corpus)")
	case k.Registry != 0:
		return "", "", errors.New("a case of a registry the sweep made up has no vector of the registry in force: keep it in the corpus (--sweep-corpus)")
	case propGroup(k.Property) == "tenant-shell":
		return "", "", errors.New("no vector kind pins a tenant-shell listing: keep it in the corpus (--sweep-corpus)")
	}
	c, err := k.Case()
	if err != nil {
		return "", "", err
	}
	ref, err := ask(ctx, subject.Reference{Registry: reg}, nil, c, "")
	if err != nil {
		return "", "", err
	}
	path, doc = Failure{Property: k.Property, Seed: k.Seed, Index: k.Index, Case: c, Reference: ref}.VectorAs(name, reason)
	if path == "" {
		return "", "", fmt.Errorf("no vector kind pins %s", k.Property)
	}
	return path, doc, nil
}
