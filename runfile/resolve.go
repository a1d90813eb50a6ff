package runfile

import (
	"bufio"
	"context"
	"io"
	"sync"

	"github.com/conform-dev/conform/contract"
)

// A batch is a run of entries resolved by one worker; its output keeps stdout and stderr in
// input order.
type batch struct {
	seq     int
	entries []Entry
	out     []segment
}

type segment struct {
	data []byte
	err  bool // a line for stderr
}

// ResolveOptions say how ResolveAll resolves.
type ResolveOptions struct {
	Registry *contract.Registry // nil: the built-in one
	Shell    bool               // add shell_html, the rendered tenant shell hint
	Workers  int                // goroutines resolving batches (at least 1)
}

// A batch is BatchRuns entries or BatchBytes of them, whichever comes first: what is in
// flight stays bounded however long the lines are.
const (
	BatchRuns  = 256
	BatchBytes = 4 << 20
)

// ResolveAll resolves every run of a stream on opts.Workers goroutines and writes one
// resolution JSON line per run to out, in input order, as soon as it has it: what is in
// flight is bounded, so memory stays flat whatever the input's size. Each invalid run goes to
// invalid (FILE:LINE: what is wrong) at its place in the order; ResolveAll returns how many
// there were. It stops early when ctx ends or out fails.
func ResolveAll(ctx context.Context, stream *Stream, opts ResolveOptions, out io.Writer, invalid func(string)) (int, error) {
	reg, shell, workers := opts.Registry, opts.Shell, max(opts.Workers, 1)
	if reg == nil {
		reg = contract.Builtin
	}
	// stop ends the reading when ctx ends or out fails: nothing more is read or resolved.
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *batch, workers*2)
	done := make(chan *batch, workers*2)
	go func() {
		defer close(jobs)
		b, held := &batch{}, 0
		for {
			rec, ok := stream.Next()
			if !ok || stop.Err() != nil {
				break
			}
			b.entries = append(b.entries, rec)
			held += len(rec.Raw)
			if len(b.entries) == BatchRuns || held >= BatchBytes {
				jobs <- b
				b, held = &batch{seq: b.seq + 1}, 0
			}
		}
		if len(b.entries) > 0 {
			jobs <- b
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var d Decoder
			for b := range jobs {
				resolveBatch(&d, stream, b, reg, shell)
				done <- b
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	w := bufio.NewWriterSize(out, 256<<10)
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
					_, werr = w.Write(seg.data)
					continue
				}
				bad++
				if werr = w.Flush(); werr == nil {
					invalid(string(seg.data))
				}
			}
			if werr != nil {
				cancel()
			}
		}
	}
	if werr == nil {
		werr = w.Flush()
	}
	if ctx.Err() != nil {
		return bad, ctx.Err()
	}
	return bad, werr
}

// resolveBatch decodes, resolves and encodes one batch, each run before the next is decoded
// (d hands out the same memory again).
func resolveBatch(d *Decoder, stream *Stream, b *batch, reg *contract.Registry, shell bool) {
	var buf []byte
	flush := func() {
		if len(buf) > 0 {
			b.out = append(b.out, segment{data: buf})
			buf = nil
		}
	}
	for _, rec := range b.entries {
		item := rec.Item
		if item == nil {
			it := d.Line(stream.Name(), rec.Line, rec.Raw)
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
	b.entries = nil
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
