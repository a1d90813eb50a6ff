package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/runfile"
)

func cmdResolve(e env, args []string) error {
	fs := newFlags(e, "resolve", "[--shell] [--workers N] [FILE|-]",
		"Reads runs (one JSON object, JSON Lines with one run per line, or YAML documents) from FILE\n"+
			"or standard input and prints one resolution JSON object per run, one per line, as soon as it\n"+
			"has it: memory stays flat whatever the input's size. Invalid runs are reported on stderr as\n"+
			"FILE:LINE: what is wrong; the others are still resolved, and the exit code is 2.")
	shell := fs.Bool("shell", false, "add a shell_html field with the rendered tenant shell hint")
	workers := fs.Int("workers", runtime.NumCPU(), "JSON Lines resolved on this many goroutines (output stays in input order)")
	regPath := registryFlag(fs)
	maxNodes := fs.Int("max-nodes", runfile.DefaultLimits.MaxNodes, "most values one YAML run may expand to, aliases included")
	maxDepth := fs.Int("max-depth", runfile.DefaultLimits.MaxDepth, "deepest nesting of a YAML run's values")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageErr("resolve takes at most one FILE, got %d", fs.NArg())
	}
	if *maxNodes < 1 || *maxDepth < 1 {
		return usageErr("--max-nodes and --max-depth must be at least 1")
	}
	if *workers < 1 {
		return usageErr("--workers must be at least 1, got %d", *workers)
	}
	src, err := loadRegistry(e, *regPath, false)
	if err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		// Streaming without end: a heap twice the live one, not five times, keeps RSS flat.
		defer debug.SetGCPercent(debug.SetGCPercent(200))
	}
	name, in := "stdin", e.stdin
	if p := fs.Arg(0); p != "" && p != "-" {
		f, err := os.Open(p)
		if err != nil {
			return usageErr("%v", err)
		}
		defer f.Close()
		name, in = p, f
	}
	stream := runfile.NewStream(name, in, runfile.Limits{MaxNodes: *maxNodes, MaxDepth: *maxDepth})
	bad, err := resolveStream(e, stream, src.Registry, *shell, *workers)
	if err != nil {
		return err
	}
	if rerr := stream.Err(); rerr != nil {
		return usageErr("reading %s: %v", name, rerr)
	}
	if bad > 0 {
		return &exitError{code: exitUsage}
	}
	return nil
}

// A batch is a run of records resolved by one worker; its output keeps stdout and stderr in
// input order.
type batch struct {
	seq  int
	recs []runfile.Record
	out  []segment
}

type segment struct {
	data []byte
	err  bool // a line for stderr
}

// resolveStream resolves every record of a stream on workers goroutines and writes the
// resolutions in input order; it returns how many runs were invalid.
func resolveStream(e env, stream *runfile.Stream, reg *contract.Registry, shell bool, workers int) (int, error) {
	// A batch is 256 records or 4 MiB of them, whichever comes first: what is in flight stays
	// bounded however long the lines are.
	const size, bytesPerBatch = 256, 4 << 20
	jobs := make(chan *batch, workers*2)
	done := make(chan *batch, workers*2)
	go func() {
		defer close(jobs)
		b, held := &batch{}, 0
		for {
			rec, ok := stream.Next()
			if !ok || e.ctx.Err() != nil {
				break
			}
			b.recs = append(b.recs, rec)
			held += len(rec.Raw)
			if len(b.recs) == size || held >= bytesPerBatch {
				jobs <- b
				b, held = &batch{seq: b.seq + 1}, 0
			}
		}
		if len(b.recs) > 0 {
			jobs <- b
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				resolveBatch(stream, b, reg, shell)
				done <- b
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	out := bufio.NewWriterSize(e.stdout, 256<<10)
	pending := map[int]*batch{}
	next, bad := 0, 0
	var werr error
	for b := range done {
		pending[b.seq] = b
		for p := pending[next]; p != nil; p = pending[next] {
			delete(pending, next)
			next++
			for _, seg := range p.out {
				if werr != nil {
					break
				}
				if !seg.err {
					_, werr = out.Write(seg.data)
					continue
				}
				bad++
				if werr = out.Flush(); werr == nil {
					fmt.Fprintln(e.stderr, "conform: "+string(seg.data))
				}
			}
		}
	}
	if werr == nil {
		werr = out.Flush()
	}
	if e.ctx.Err() != nil {
		return bad, usageErr("interrupted")
	}
	return bad, werr
}

// resolveBatch decodes, resolves and encodes one batch.
func resolveBatch(stream *runfile.Stream, b *batch, reg *contract.Registry, shell bool) {
	var buf []byte
	flush := func() {
		if len(buf) > 0 {
			b.out = append(b.out, segment{data: buf})
			buf = nil
		}
	}
	for _, rec := range b.recs {
		item := rec.Item
		if item == nil {
			it := runfile.ResolveLine(stream.Name(), rec.Line, rec.Raw)
			item = &it
		}
		if item.Err != nil {
			flush()
			b.out = append(b.out, segment{data: []byte(item.Err.Error()), err: true})
			continue
		}
		buf = appendResolution(buf, reg, item.Run, shell)
	}
	flush()
	b.recs = nil
}

// appendResolution appends one resolution as a JSON line; with shell it adds shell_html.
func appendResolution(b []byte, reg *contract.Registry, run contract.Run, shell bool) []byte {
	res := reg.Resolve(run)
	b = res.AppendJSON(b)
	if shell {
		// The resolution's own fields, then shell_html, without HTML escaping so the fragment
		// stays readable.
		b = append(b[:len(b)-1], `,"shell_html":`...)
		b = contract.AppendJSONString(b, reg.Present(run, res).HTML(), false)
		b = append(b, '}')
	}
	return append(b, '\n')
}
