// Package history is the history of the standard: its releases, and the checks (requirement
// clauses, vectors, scenarios, sweep properties) each added, from features/releases.yaml. It
// lets a team upgrade conform without a surprise: the checks a newer release added can be
// pending (shown, not failing) until they pass once, and a release's additions can be listed.
//
// Its rule: every check conform runs is listed under exactly one release.
package history

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/features"
	"gopkg.in/yaml.v3"
)

// Release is one release of the standard and what it added.
type Release struct {
	Version      string   `yaml:"version"`
	Date         string   `yaml:"date"`
	Notes        string   `yaml:"notes"`
	Requirements []string `yaml:"requirements"`
	Vectors      []string `yaml:"vectors"`
	Scenarios    []string `yaml:"scenarios"`
	Sweep        []string `yaml:"sweep"`
}

// Checks lists every check the release added, its requirements first.
func (r Release) Checks() []string {
	var out []string
	for _, l := range [][]string{r.Requirements, r.Vectors, r.Scenarios, r.Sweep} {
		out = append(out, l...)
	}
	return out
}

// History is the releases, oldest first.
type History struct {
	Releases []Release
	since    map[string]string // check -> the release that added it
}

var versionPattern = regexp.MustCompile(`^v(\d+)\.(\d+)\.(\d+)$`)

// Parse reads a releases file strictly: versions vMAJOR.MINOR.PATCH in increasing order, each
// check under one release only.
func Parse(name string, data []byte) (History, error) {
	var doc struct {
		Releases []Release `yaml:"releases"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return History{}, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	h := History{Releases: doc.Releases, since: map[string]string{}}
	if len(h.Releases) == 0 {
		return History{}, fmt.Errorf("%s: no release", name)
	}
	for i, r := range h.Releases {
		if !versionPattern.MatchString(r.Version) {
			return History{}, fmt.Errorf("%s: release %d: version %q is not vMAJOR.MINOR.PATCH", name, i+1, r.Version)
		}
		if i > 0 && Compare(h.Releases[i-1].Version, r.Version) >= 0 {
			return History{}, fmt.Errorf("%s: release %s comes after %s: list releases oldest first", name, r.Version, h.Releases[i-1].Version)
		}
		for _, id := range r.Checks() {
			if prev, dup := h.since[id]; dup {
				return History{}, fmt.Errorf("%s: %q is listed under %s and %s: a check is added once", name, id, prev, r.Version)
			}
			h.since[id] = r.Version
		}
	}
	return h, nil
}

// Embedded is the history of the standard conform holds.
func Embedded() (History, error) { return Parse("features/releases.yaml", features.Releases) }

// Latest is the newest release: the standard's version.
func (h History) Latest() string { return h.Releases[len(h.Releases)-1].Version }

// Since is the release that added a check, "" for a check the history does not list.
func (h History) Since(id string) string { return h.since[id] }

// Has reports whether a version is a release of the history.
func (h History) Has(version string) bool {
	for _, r := range h.Releases {
		if r.Version == version {
			return true
		}
	}
	return false
}

// Versions lists the releases' versions, oldest first.
func (h History) Versions() []string {
	out := make([]string, len(h.Releases))
	for i, r := range h.Releases {
		out[i] = r.Version
	}
	return out
}

// Between lists the releases after from, up to and including to ("" for the latest).
func (h History) Between(from, to string) ([]Release, error) {
	if to == "" {
		to = h.Latest()
	}
	for _, v := range []string{from, to} {
		if !h.Has(v) {
			return nil, fmt.Errorf("%s is no release of the standard (releases: %s)", v, strings.Join(h.Versions(), ", "))
		}
	}
	if Compare(from, to) > 0 {
		return nil, fmt.Errorf("%s comes after %s", from, to)
	}
	var out []Release
	for _, r := range h.Releases {
		if Compare(r.Version, from) > 0 && Compare(r.Version, to) <= 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// Compare orders two versions vMAJOR.MINOR.PATCH: -1, 0 or 1 (a malformed one sorts first).
func Compare(a, b string) int {
	pa, pb := parts(a), parts(b)
	for i := range pa {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func parts(v string) [3]int {
	var out [3]int
	m := versionPattern.FindStringSubmatch(v)
	if m == nil {
		return [3]int{-1, -1, -1}
	}
	for i := range out {
		out[i], _ = strconv.Atoi(m[i+1])
	}
	return out
}
