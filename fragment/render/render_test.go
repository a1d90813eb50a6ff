package render

import (
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/conform-dev/conform/fragment"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var (
	shared     *Browser
	sharedErr  error
	sharedOnce sync.Once
)

// browser is one Chromium for the package's tests; without one they skip, saying why, unless
// CONFORM_REQUIRE_BROWSER is set (as CI sets it).
func browser(t testing.TB) *Browser {
	t.Helper()
	if Find() == "" {
		if os.Getenv("CONFORM_REQUIRE_BROWSER") != "" {
			t.Fatal("no chromium on PATH and CONFORM_REQUIRE_BROWSER is set (apt-get install chromium)")
		}
		t.Skip("no chromium on PATH (apt-get install chromium)")
	}
	sharedOnce.Do(func() { shared, sharedErr = Start(context.Background(), "") })
	require.NoError(t, sharedErr)
	return shared
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}

// TestWhatOnlyRenderingShows: the classes of bars, controls, text and timers that markup alone
// cannot decide, each read as an operator and a screen reader get it.
func TestWhatOnlyRenderingShows(t *testing.T) {
	b := browser(t)
	tests := []struct {
		name     string
		frag     string
		bars     []string
		percent  bool
		text     string
		control  bool
		polling  bool
		quantity bool
	}{
		{name: "a bar drawn with CSS boxes", frag: `<div style="width:200px;height:8px;background:#eee"><div style="width:80px;height:8px;background:#06c"></div></div><p>Capturing evidence</p>`, bars: []string{"40"}, text: "Capturing evidence"},
		{name: "a bar drawn with a class", frag: `<style>.t{width:300px;height:6px;background:#ddd}.f{width:75px;height:6px;background:green}</style><div class="t"><div class="f"></div></div>`, bars: []string{"25"}},
		{name: "a bar drawn in SVG", frag: `<svg width="200" height="10"><rect width="200" height="10" fill="#eee"/><rect width="50" height="10" fill="blue"/></svg>`, bars: []string{"25"}},
		{name: "a bar drawn with a gradient", frag: `<div style="width:200px;height:8px;background:linear-gradient(90deg,#06c 30%,#eee 30%)"></div>`, bars: []string{"?"}, percent: true},
		{name: "a bar a script draws", frag: `<div id="t"></div><script>var t=document.getElementById("t");t.style.cssText="width:100px;height:5px;background:#eee";var f=document.createElement("div");f.style.cssText="width:60px;height:5px;background:red";t.appendChild(f)</script>`, bars: []string{"60"}},
		{name: "ARIA on an element without a role", frag: `<div aria-valuenow="40">Fetching</div>`, bars: []string{"40"}, text: "Fetching"},
		{name: "a meter role", frag: `<span role="meter" aria-valuenow="3" aria-valuemax="12"></span>`, bars: []string{"25"}},
		{name: "a click handler on an icon", frag: `<i class="icon">x</i><script>document.querySelector("i").addEventListener("click",function(){})</script>`, control: true, text: "x"},
		{name: "an Alpine click on an icon", frag: `<i @click="open = true">x</i>`, control: true, text: "x"},
		{name: "something focusable", frag: `<span tabindex="0">Running</span>`, control: true, text: "Running"},
		{name: "a percent sign in another script", frag: `<p>Capturing evidence ٤٠٪</p>`, percent: true, text: "Capturing evidence ٤٠٪"},
		{name: "a fullwidth percent sign", frag: `<p>Capturing evidence ４０％</p>`, percent: true, text: "Capturing evidence ４０％"},
		{name: "a percentage CSS adds", frag: `<style>p::after{content:" 40%"}</style><p>Running</p>`, percent: true, text: "Running 40%"},
		{name: "step 3 of 5 in a tooltip", frag: `<p title="Step 3 of 5">Running</p>`, quantity: true, text: "Running"},
		{name: "a poll a script starts", frag: `<p>Running</p><script>setInterval(function(){},5000)</script>`, polling: true, text: "Running"},
		{name: "a request a script makes", frag: `<p>Running</p><script>fetch("/admin/operations/1")</script>`, polling: true, text: "Running"},
		{name: "text a style hides", frag: `<style>.x{display:none}</style><p class="x">Step 2 of 5</p><p>Running</p>`, text: "Running"},
	}
	frags := make([]string, len(tests))
	for i, tc := range tests {
		frags[i] = tc.frag
	}
	b.All = true
	defer func() { b.All = false }()
	rs, err := b.ReadAll(context.Background(), frags)
	require.NoError(t, err)
	for i, tc := range tests {
		r := rs[i]
		assert.True(t, r.Rendered, tc.name)
		assert.Equal(t, tc.bars, r.Bars, "%s: bars", tc.name)
		assert.Equal(t, tc.percent, r.Percent, "%s: percent", tc.name)
		assert.Equal(t, tc.control, len(r.Controls) > 0, "%s: controls %v", tc.name, r.Controls)
		assert.Equal(t, tc.polling, len(r.Polling) > 0, "%s: polling %v", tc.name, r.Polling)
		assert.Equal(t, tc.quantity, len(r.Quantified) > 0, "%s: quantified %v", tc.name, r.Quantified)
		assert.Equal(t, tc.text, r.Text, "%s: text", tc.name)
	}
}

// element draws one piece of markup a fragment may hold.
func element(t *rapid.T, depth int) string {
	texts := []string{"Running", "In progress", "Capturing evidence", "40%", "Step 2 of 5", "3 of 12 processed", "a &amp; b", "x&lt;y", "  spaced\n text ", "٤٠٪", ""}
	attrs := []string{"", ` class="op"`, ` title="Step 3 of 5"`, ` aria-label="Progress"`, ` hidden`, ` tabindex="0"`, ` onclick="go()"`, ` data-x="a>b"`, ` title='40%'`, ` wire:click="save"`, ` hx-trigger="every 5s"`,
		` style="color:#333;font-weight:600"`, ` style="padding: 4px 8px; margin:0; border-radius:4px"`, ` style="text-align:right;letter-spacing:1px"`, ` style="display:none"`}
	kind := rapid.IntRange(0, 13).Draw(t, "kind")
	if depth > 3 {
		kind = 0
	}
	attr := rapid.SampledFrom(attrs).Draw(t, "attr")
	inner := func() string {
		var b strings.Builder
		for n := rapid.IntRange(0, 3).Draw(t, "children"); n > 0; n-- {
			b.WriteString(element(t, depth+1))
		}
		return b.String()
	}
	switch kind {
	case 0:
		return rapid.SampledFrom(texts).Draw(t, "text")
	case 1:
		tag := rapid.SampledFrom([]string{"p", "span", "div", "b", "em", "section", "nav", "li", "strong", "small"}).Draw(t, "tag")
		return "<" + tag + attr + ">" + inner() + "</" + tag + ">"
	case 2:
		href := rapid.SampledFrom([]string{"/admin/operations/42", "/admin/operations?tenant_id=7", "#", "/x?a=1&amp;b=2"}).Draw(t, "href")
		return `<a href="` + href + `"` + attr + ">" + rapid.SampledFrom(texts).Draw(t, "link text") + "</a>"
	case 3:
		return `<progress max="100" value="` + rapid.SampledFrom([]string{"25", "0", "100", "x"}).Draw(t, "value") + `"></progress>`
	case 4:
		return `<meter min="0" max="12" value="3"></meter>`
	case 5:
		return `<div role="progressbar" aria-valuenow="` + rapid.SampledFrom([]string{"33", "0", "abc"}).Draw(t, "aria value") + `"></div>`
	case 6:
		return "<button" + attr + ">Retry</button>"
	case 7:
		return "<!-- " + rapid.SampledFrom(texts).Draw(t, "comment") + " -->"
	case 8:
		return "<br>"
	case 9:
		return "<template><p>Step 9 of 9</p></template>"
	case 10:
		return "<ul" + attr + "><li>" + inner() + "</li></ul>"
	case 11:
		return `<span role="status"` + attr + ">" + inner() + "</span>"
	case 12:
		return `<div hidden><svg width="10" height="10"><rect width="10" height="10"></rect></svg><img src="x.png" alt="40%"></div>`
	}
	if kind == 13 {
		return `<meta http-equiv="refresh" content="5">`
	}
	return ""
}

// TestDecidedFragmentsReadTheSame holds the markup reading to the rendered one on generated
// fragments: wherever the markup decides (Decided), the text, the bars, the links, the
// percentage and the quantified progress read the same, and markup that binds a control or a
// poll is one in both readings.
func TestDecidedFragmentsReadTheSame(t *testing.T) {
	b := browser(t)
	b.All = true
	defer func() { b.All = false }()
	rapid.Check(t, func(t *rapid.T) {
		var frags []string
		for k := rapid.IntRange(1, 8).Draw(t, "fragments"); k > 0; k-- {
			var sb strings.Builder
			for n := rapid.IntRange(1, 6).Draw(t, "elements"); n > 0; n-- {
				sb.WriteString(element(t, 0))
			}
			if fragment.Read(sb.String()).Decided() {
				frags = append(frags, sb.String())
			}
		}
		rs, err := b.ReadAll(context.Background(), frags)
		if err != nil {
			t.Fatal(err)
		}
		for i, frag := range frags {
			sameReading(t, frag, fragment.Read(frag), rs[i])
		}
	})
}

func sameReading(t *rapid.T, frag string, st, r fragment.Reading) {
	{
		check := func(what string, a, b any) {
			if !assert.ObjectsAreEqual(a, b) {
				t.Fatalf("%s differs for %q:\nmarkup:   %#v\nrendered: %#v", what, frag, a, b)
			}
		}
		check("text", fragment.Fold(st.Text), fragment.Fold(r.Text))
		check("bars", st.Bars, r.Bars)
		check("percent", st.Percent, r.Percent)
		check("quantified", slices.Sorted(slices.Values(st.Quantified)), slices.Sorted(slices.Values(r.Quantified)))
		check("controls", len(st.Controls) > 0, len(r.Controls) > 0)
		check("polling", len(st.Polling) > 0, len(r.Polling) > 0)
		check("links", st.Links, r.Links)
	}
}

// BenchmarkRender is the cost of rendering fragments the markup cannot decide (an inline style
// each), per fragment, in batches as the sweep sends them; the cache is emptied between runs.
func BenchmarkRender(b *testing.B) {
	br := browser(b)
	frags := make([]string, 96)
	n := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range frags {
			n++
			frags[k] = `<section style="display:block"><p>Baseline capture</p> <p>Running</p><p>Capturing evidence</p>` +
				`<a href="/admin/operations/` + strconv.Itoa(n) + `">View operation</a> <a href="/admin/operations?tenant_id=7">Show all operations</a></section>`
		}
		if _, err := br.ReadAll(context.Background(), frags); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(frags)), "µs/fragment")
}

// BenchmarkMarkup is the markup reading of the same fragments, for comparison.
func BenchmarkMarkup(b *testing.B) {
	f := `<section><p>Baseline capture</p> <p>Running</p><p>Capturing evidence</p><a href="/admin/operations/1">View operation</a> <a href="/admin/operations?tenant_id=7">Show all operations</a></section>`
	for i := 0; i < b.N; i++ {
		fragment.Read(f)
	}
}

// TestABrowserLeavesNothingBehind: a launched and closed Chromium leaves nothing in the
// temporary directory, its profile and its own temporary files included.
func TestABrowserLeavesNothingBehind(t *testing.T) {
	browser(t) // skips, or fails under CONFORM_REQUIRE_BROWSER, without Chromium
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	b, err := Start(context.Background(), "")
	require.NoError(t, err)
	_, err = b.ReadAll(context.Background(), []string{`<p>Fetching evidence</p>`})
	require.NoError(t, err)
	b.Close()
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	assert.Empty(t, names, "left in TMPDIR")
}
