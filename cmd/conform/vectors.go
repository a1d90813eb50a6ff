package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/fixtures"
	"github.com/conform-dev/conform/protocol"
)

// vectorJSON is one exported vector, for runners in other languages that want data, not a
// process. The id never changes once released.
type vectorJSON struct {
	ID     string               `json:"id"`
	Kind   string               `json:"kind"` // run, shell or access
	Reason string               `json:"reason"`
	Run    contract.Run         `json:"run"`
	Want   *contract.Resolution `json:"want,omitempty"`   // run vectors
	Shell  *shellJSON           `json:"shell,omitempty"`  // shell vectors
	Actor  *protocol.Actor      `json:"actor,omitempty"`  // access vectors
	Access int                  `json:"access,omitempty"` // access vectors
}

// shellJSON is what a shell vector's fragment must read, presented to a member of the run's
// tenant with operations.view: exactly the shows pieces besides the link texts, none of never,
// a bar at that percentage or none (null), exactly these links.
type shellJSON struct {
	Shows []string   `json:"shows"`
	Never []string   `json:"never"`
	Bar   *int       `json:"bar"`
	Links []linkJSON `json:"links"`
}

type linkJSON struct {
	Text string `json:"text"`
	Href string `json:"href"`
}

func exported(v fixtures.Vector) vectorJSON {
	out := vectorJSON{ID: v.ID, Kind: v.Kind, Reason: v.Reason, Run: v.Run}
	switch v.Kind {
	case fixtures.KindShell:
		s := &shellJSON{Shows: v.Shell.Shows, Never: v.Shell.Never, Links: []linkJSON{}}
		if s.Never == nil {
			s.Never = []string{}
		}
		if v.Shell.Bar != "" {
			n, _ := strconv.Atoi(v.Shell.Bar)
			s.Bar = &n
		}
		for _, l := range v.Shell.Links {
			s.Links = append(s.Links, linkJSON{Text: l.Text, Href: l.Href})
		}
		out.Shell = s
	case fixtures.KindAccess:
		a := protocol.ActorFrom(v.Actor)
		out.Actor, out.Access = &a, v.Access
	default:
		want := v.Want
		out.Want = &want
	}
	return out
}

func cmdVectors(e env, args []string) error {
	flags := newFlags(e, "vectors", "[--out DIR] [--fixtures DIR]",
		"Exports the vectors as JSON (run, shell and access vectors; see \"kind\"): one JSON object per line on stdout, or with --out one file\n"+
			"per vector at DIR/<id>.json (ids such as phased/capture-fetching never change once released).")
	out := flags.String("out", "", "write one DIR/<id>.json per vector instead of JSON Lines on stdout")
	dir := flags.String("fixtures", "", "export the vectors of this directory instead of the embedded ones")
	regPath := registryFlag(flags)
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErr("vectors takes no arguments, got %q", flags.Arg(0))
	}
	fsys := fixtures.Embedded()
	if *dir != "" {
		if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
			return usageErr("--fixtures: %s is not a directory", *dir)
		}
		fsys = os.DirFS(*dir)
	}
	vs, err := fixtures.Load(fsys)
	if err != nil {
		return usageErr("%v", err)
	}
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	vs = append(vs, fixtures.ForRegistry(src.Registry)...)
	if *out == "" {
		w := bufio.NewWriter(e.stdout)
		defer w.Flush()
		enc := json.NewEncoder(w)
		for _, v := range vs {
			if err := enc.Encode(exported(v)); err != nil {
				return err
			}
		}
		return nil
	}
	for _, v := range vs {
		raw, err := json.MarshalIndent(exported(v), "", "  ")
		if err != nil {
			return err
		}
		rel := filepath.FromSlash(v.ID) + ".json"
		if !filepath.IsLocal(rel) {
			return usageErr("vector %q would be written outside %s; refusing", v.ID, *out)
		}
		path := filepath.Join(*out, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return usageErr("%v", err)
		}
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			return usageErr("%v", err)
		}
	}
	return nil
}
