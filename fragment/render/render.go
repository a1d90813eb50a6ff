// Package render reads shell hint fragments as a browser renders them: each fragment in its
// own frame of headless Chromium, with its styles and scripts applied and no network, read for
// what an operator sees (the rendered text, text that CSS adds, attributes an operator can
// see, anything drawn like a bar) and what a screen reader announces (every element with a
// progress bar, meter or slider role, or an ARIA value), for every control (anything focusable
// or bound to a click, key or submit handler) and for any timer or request a fragment starts
// on its own. The markup rules of package fragment (a percent sign anywhere, framework
// attributes that bind handlers or poll) still apply on top: a Livewire or Alpine attribute does
// nothing without its framework, which is not loaded here.
//
// Its rule: a rendered reading is the static reading's facts plus what only rendering shows;
// it never loses a fact the markup states.
package render

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/conform-dev/conform/fragment"
)

//go:embed read.js
var readJS string

// instrument runs first in every frame's document: it records what would ask the server again
// (timers, requests, which it blocks) and every handler a script binds. A frame keeps its
// window from one document to the next, so it wraps once and its records are reset.
const instrument = `<script>(function(){var w=window;w.__conformPolls=[];if(w.__conformWrapped)return;w.__conformWrapped=1;` +
	`w.__conformTimers=[];w.__conformHandlers=new WeakMap();var P=function(s){w.__conformPolls.push(s)};` +
	`var si=w.setInterval;w.setInterval=function(f,d){P("setInterval("+(d|0)+"ms)");var id=si.apply(w,arguments);w.__conformTimers.push(id);return id};` +
	`var st=w.setTimeout;w.setTimeout=function(f,d){if((d|0)>=1000)P("setTimeout("+(d|0)+"ms)");var id=st.apply(w,arguments);w.__conformTimers.push(id);return id};` +
	`w.fetch=function(){P("fetch");return Promise.reject(new Error("blocked"))};` +
	`var xo=w.XMLHttpRequest.prototype.open;w.XMLHttpRequest.prototype.open=function(){P("XMLHttpRequest");return xo.apply(this,arguments)};` +
	`w.EventSource=function(){P("EventSource");throw new Error("blocked")};` +
	`w.WebSocket=function(){P("WebSocket");throw new Error("blocked")};` +
	`var ae=w.EventTarget.prototype.addEventListener;w.EventTarget.prototype.addEventListener=function(t){try{var s=w.__conformHandlers.get(this)||[];s.push(String(t));w.__conformHandlers.set(this,s)}catch(e){}return ae.apply(this,arguments)};` +
	`})();</script>`

// policy lets a fragment's own inline styles and scripts run and forbids every load.
const policy = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">`

// Find returns the path of a Chromium on PATH, or "".
func Find() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// ErrNoBrowser is what Start returns when no Chromium is found.
var ErrNoBrowser = errors.New("no Chromium found on PATH (apt-get install chromium)")

// Browser is one headless Chromium, reading batches of fragments in one tab, launched on the
// first fragment that needs it. A fragment whose markup decides everything it shows
// (fragment.Reading.Decided: no script, no style sheet, no drawing, no inline style beyond
// text styling) reads the same rendered as from its markup, which
// TestDecidedFragmentsReadTheSame holds on generated fragments; unless All is set, those are
// read from their markup and only the others are rendered (a rendering costs milliseconds, a
// markup reading microseconds), so a run whose fragments are all decided never launches it.
type Browser struct {
	// All renders every fragment, decided or not.
	All bool

	path     string
	mu       sync.Mutex
	started  bool
	cancel   context.CancelFunc
	tab      context.Context
	tabClose context.CancelFunc
	dir      string
	cache    map[string]fragment.Reading
}

// New is a browser at path ("" finds one on PATH), launched when it first renders. Close ends
// it.
func New(path string) (*Browser, error) {
	if path == "" {
		path = Find()
	}
	if path == "" {
		return nil, ErrNoBrowser
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("Chromium at %s: %w", path, err)
	}
	return &Browser{path: path, cache: map[string]fragment.Reading{}}, nil
}

// Start is New, launched at once: a Chromium that cannot start says so here.
func Start(ctx context.Context, path string) (*Browser, error) {
	b, err := New(path)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.launch(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// launch starts Chromium with a profile of its own, on the first call (b.mu held).
func (b *Browser) launch(ctx context.Context) error {
	if b.started {
		return nil
	}
	dir, err := os.MkdirTemp("", "conform-chromium-")
	if err != nil {
		return err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(b.path),
		chromedp.UserDataDir(dir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("headless", "new"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.WindowSize(1024, 768),
	)
	actx, cancel := chromedp.NewExecAllocator(context.WithoutCancel(ctx), opts...)
	tab, tabClose := chromedp.NewContext(actx)
	b.cancel, b.tab, b.tabClose, b.dir, b.started = cancel, tab, tabClose, dir, true
	// The first Run starts the browser and ties it to the context it is given, so it runs on
	// the tab's own context; a timer bounds it instead of a derived context.
	slow := time.AfterFunc(60*time.Second, tabClose)
	_, err = chromedp.Run(tab, chromedp.Steps(chromedp.Navigate("about:blank"), chromedp.Evaluate[chromedp.Void](readJS)))
	slow.Stop()
	if err != nil {
		b.closeLocked()
		return fmt.Errorf("starting Chromium (%s): %w", b.path, err)
	}
	return nil
}

// Close ends the browser, if it was launched, and removes its profile directory.
func (b *Browser) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closeLocked()
}

func (b *Browser) closeLocked() {
	if !b.started {
		return
	}
	b.tabClose()
	b.cancel()
	removeSingleton(b.dir)
	_ = os.RemoveAll(b.dir)
	b.started = false
}

// removeSingleton removes the directory Chromium made in TMPDIR for its singleton socket
// (org.chromium.Chromium.XXXXXX), which it leaves behind; the profile links to the socket.
func removeSingleton(profile string) {
	socket, err := os.Readlink(filepath.Join(profile, "SingletonSocket"))
	if err != nil {
		return
	}
	if dir := filepath.Dir(socket); strings.HasPrefix(filepath.Base(dir), "org.chromium.Chromium.") {
		_ = os.RemoveAll(dir)
	}
}

// raw is one frame's reading as read.js returns it.
type raw struct {
	Text       string          `json:"text"`
	Pieces     []string        `json:"pieces"`
	Links      []fragment.Link `json:"links"`
	Bars       []string        `json:"bars"`
	Attributes []string        `json:"attributes"`
	Controls   []string        `json:"controls"`
	Polling    []string        `json:"polling"`
	Pseudo     []string        `json:"pseudo"`
}

// batch is how many fragments share one page.
const batch = 48

// ReadAll reads fragments as rendered, in order. Identical fragments are rendered once.
func (b *Browser) ReadAll(ctx context.Context, fragments []string) ([]fragment.Reading, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]fragment.Reading, len(fragments))
	var todo []string
	at := map[string][]int{}
	for i, f := range fragments {
		if r, ok := b.cache[f]; ok {
			out[i] = r
			continue
		}
		if !b.All {
			if st := fragment.Read(f); st.Decided() {
				out[i] = st
				continue
			}
		}
		if _, queued := at[f]; !queued {
			todo = append(todo, f)
		}
		at[f] = append(at[f], i)
	}
	if len(todo) > 0 {
		if err := b.launch(ctx); err != nil {
			return nil, err
		}
	}
	for start := 0; start < len(todo); start += batch {
		part := todo[start:min(start+batch, len(todo))]
		rs, err := b.render(ctx, part)
		if err != nil {
			return nil, err
		}
		for k, f := range part {
			r := merge(f, rs[k])
			if len(b.cache) < 1<<14 {
				b.cache[f] = r
			}
			for _, i := range at[f] {
				out[i] = r
			}
		}
	}
	return out, nil
}

// render puts each fragment in a frame of one page and reads them all.
func (b *Browser) render(ctx context.Context, frags []string) ([]raw, error) {
	docs := make([]string, len(frags))
	for i, f := range frags {
		docs[i] = "<!doctype html><html><head><meta charset=\"utf-8\">" + policy + instrument + "</head><body>" + f + "</body></html>"
	}
	arg, err := json.Marshal(docs)
	if err != nil {
		return nil, err
	}
	scripted := false
	for _, f := range frags {
		scripted = scripted || strings.Contains(strings.ToLower(f), "<script")
	}
	script := fmt.Sprintf("window.__conformRender(%s, %t)", arg, scripted)
	tctx, cancel := context.WithTimeout(b.tab, 60*time.Second)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	res, err := chromedp.Run(tctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("rendering %d fragments in Chromium: %w", len(frags), err)
	}
	var rs []raw
	if err := json.Unmarshal([]byte(res), &rs); err != nil || len(rs) != len(frags) {
		return nil, fmt.Errorf("rendering %d fragments in Chromium: unreadable answer (%v)", len(frags), err)
	}
	return rs, nil
}

// merge is the rendered reading of one fragment: the rendered facts, plus every fact of the
// static reading that rendering cannot see (markup that binds handlers or polls through a
// framework that is not loaded, a percent sign in a comment or an attribute).
func merge(frag string, r raw) fragment.Reading {
	st := fragment.Read(frag)
	pieces := append([]string{}, r.Pieces...)
	if len(r.Pseudo) > 0 {
		r.Text += " " + strings.Join(r.Pseudo, " ")
		pieces = append(pieces, r.Pseudo...)
	}
	text := strings.Join(strings.Fields(r.Text), " ")
	out := fragment.Reading{
		Empty:      st.Empty,
		Text:       text,
		Pieces:     pieces,
		Bars:       append(r.Bars, fragment.TextBars(text, r.Attributes)...),
		Attributes: r.Attributes,
		Links:      r.Links,
		Rendered:   true,
	}
	if len(out.Bars) > 0 {
		out.Bar = out.Bars[0]
	} else {
		out.Bars = nil
	}
	if len(out.Links) == 0 {
		out.Links = nil
	}
	if len(out.Attributes) == 0 {
		out.Attributes = nil
	}
	out.Percent = st.Percent || fragment.HasPercent(text) || fragment.HasPercent(strings.Join(r.Attributes, " "))
	out.Quantified = fragment.Quantified(text)
	for _, a := range r.Attributes {
		out.Quantified = append(out.Quantified, fragment.Quantified(a)...)
	}
	out.Controls = union(st.Controls, r.Controls)
	out.Polling = union(st.Polling, r.Polling)
	return out
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
