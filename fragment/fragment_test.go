package fragment

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const reference = `<section class="op-hint" data-run="44" data-capability="counted">
<p class="op-hint-title"><span>Review pack generation</span> <span>Running</span></p>
<p>Processing items</p>
<p>3 of 12 processed</p>
<progress max="100" value="25"></progress>
<p><a href="/admin/operations/44">View operation</a> <a href="/admin/operations?tenant_id=7">Show all operations</a></p>
</section>`

const referenceActivity = `<section><p><span>Support diagnostics</span> <span>Running</span></p><p>In progress</p>
<p><a href="/admin/operations/45">View operation</a> <a href="/admin/operations?tenant_id=7">Show all operations</a></p></section>`

func TestRead(t *testing.T) {
	r := Read(reference)
	assert.False(t, r.Empty)
	assert.Equal(t, "Review pack generation Running Processing items 3 of 12 processed View operation Show all operations", r.Text)
	assert.Equal(t, "25", r.Bar)
	assert.False(t, r.Percent)
	assert.Empty(t, r.Controls)
	assert.Equal(t, []Link{{"/admin/operations/44", "View operation"}, {"/admin/operations?tenant_id=7", "Show all operations"}}, r.Links)
	assert.True(t, Read(" \n").Empty)
}

func TestBarValues(t *testing.T) {
	for el, want := range map[string]string{
		`<progress max="100" value="25"></progress>`:                          "25",
		`<progress value="0.25"></progress>`:                                  "25",
		`<meter min="0" max="12" value="3"></meter>`:                          "25",
		`<div role="progressbar" aria-valuenow="33"></div>`:                   "33",
		`<div role='progressbar' aria-valuenow="3" aria-valuemax="12"></div>`: "25",
		`<progress></progress>`:                                               "?",
		`<progress value="x" max="100"></progress>`:                           "0",
		`<progress value="1" max="0"></progress>`:                             "100",
		`<progress value="150" max="100"></progress>`:                         "100",
		`<meter value="x"></meter>`:                                           "0",
		`<div aria-valuenow="40"></div>`:                                      "40",
		`<div aria-valuenow="x" role="progressbar"></div>`:                    "?",
		`<input type="range" value="40" disabled>`:                            "40",
		`<input type="range" disabled>`:                                       "50", // HTML's default: the middle
		`<input type="range" min="0" max="12" value="3">`:                     "25",
		`<p>no bar</p>`: "",
	} {
		assert.Equal(t, want, Read(el).Bar, el)
	}
}

func TestHiddenTextIsNotVisible(t *testing.T) {
	r := Read(`<p>In progress</p><!-- 40% --><script>var p = "fetching";</script><style>p{width:10px}</style>`)
	assert.Equal(t, "In progress", r.Text)
	assert.True(t, r.Percent, "a % sign counts anywhere, comments included: it is in the page")
}

func TestCompare(t *testing.T) {
	want := Read(referenceActivity)
	pieces := Pieces(referenceActivity)
	links := `<a href="/admin/operations/45">View operation</a> <a href="/admin/operations?tenant_id=7">Show all operations</a>`
	for name, tc := range map[string]struct {
		got   string
		props []string
	}{
		"other markup, same reading":  {`<div><b>Support diagnostics</b> · <i>Running</i><br>In progress ` + links + `</div>`, nil},
		"order is free":               {`<div>In progress <b>Running</b> Support diagnostics ` + links + `</div>`, nil},
		"a raw key added":             {`<div>Support diagnostics Running In progress (fetching) ` + links + `</div>`, []string{PropText}},
		"a piece missing":             {`<div>Support diagnostics In progress ` + links + `</div>`, []string{PropText}},
		"a piece inside a longer one": {`<div>Support diagnostics Running In progressive ` + links + `</div>`, []string{PropText}},
		"a percent":                   {`<div style="width:40%">Support diagnostics Running In progress ` + links + `</div>`, []string{PropPercent}},
		"a bar":                       {`<div>Support diagnostics Running In progress <progress max=100 value=0></progress>` + links + `</div>`, []string{PropBar}},
		"a button":                    {`<div>Support diagnostics Running In progress <button></button>` + links + `</div>`, []string{PropControls}},
		"a wrong link":                {strings.Replace(`<div>Support diagnostics Running In progress `+links+`</div>`, "tenant_id=7", "tenant_id=3", 1), []string{PropLinks}},
		"empty":                       {``, []string{PropEmpty, PropText, PropLinks}},
	} {
		var props []string
		for _, d := range Compare(want, pieces, Read(tc.got)) {
			props = append(props, d.Property)
		}
		assert.Equal(t, tc.props, props, name)
	}
}

func TestCountedMayShowItsPercentage(t *testing.T) {
	want := Read(reference)
	got := strings.Replace(reference, "3 of 12 processed", "3 of 12 processed (25 %)", 1)
	assert.Empty(t, Compare(want, Pieces(reference), Read(got)))
	got = strings.Replace(reference, `value="25"`, `value="26"`, 1)
	assert.Len(t, Compare(want, Pieces(reference), Read(got)), 1)
}

// TestMarkupIsParsedAsABrowserParsesIt: attribute values may hold ">", implied end tags close
// elements, and inline elements do not separate words.
func TestMarkupIsParsedAsABrowserParsesIt(t *testing.T) {
	for frag, want := range map[string]string{
		`<span title="a>b">Running</span>`:             "Running",
		`<p hidden><p>Shown</p>`:                       "Shown",
		`Running<span>Running</span>`:                  "RunningRunning",
		`<p>Running</p><p>Running</p>`:                 "Running Running",
		`<a href="/x">View <b>operation</b></a>`:       "View operation",
		`<table><tr><td>A</td><td>B</td></tr></table>`: "A B",
		`<ul><li>A<li>B</ul>`:                          "A B",
	} {
		assert.Equal(t, want, Read(frag).Text, frag)
	}
	r := Read(`<span title="a>b">Running</span>`)
	assert.Equal(t, []string{"a>b"}, r.Attributes)
	assert.Empty(t, r.Controls)
}

// TestProgressInOtherForms: a percentage, a bar and a step count read the same however they
// are written: a percent sign as a character reference (in text, a tooltip or hidden text), a
// bar drawn with characters (in text or a tooltip), a count with its numbers spelt out; and
// text that only looks like them is none of them.
func TestProgressInOtherForms(t *testing.T) {
	for _, f := range []string{`<span>40&#37;</span>`, `<span>40&#x25;</span>`, `<span>40&percnt;</span>`,
		`<span title="40&#37; done"></span>`, `<span hidden>40&#37;</span>`} {
		assert.True(t, Read(f).Percent, f)
	}
	for f, want := range map[string][]string{
		`<span>▓▓▓░░</span>`:             {"60"},
		`<span>● ● ● ○ ○</span>`:         {"60"},
		`<span>███</span>`:               {"100"},
		`<span>■■□□□□□□□□</span>`:        {"20"},
		`<span title="▰▰▱▱"></span>`:     {"50"},
		`<code>[#####-----]</code>`:      {"50"},
		`<span>[====&gt;-----]</span>`:   {"50"}, // spaces collapse as the text is read: "-" keeps the count
		`<p>Fetching · Comparing</p>`:    nil,
		`<p>★ Favourite</p>`:             nil,
		`<p>●● two dots</p>`:             nil,
		`<p>(...) and [ ] and a | b</p>`: nil,
		`<p>Run ● Tenant ○ Status</p>`:   nil,
		`<p>Tenant 7 ■ Running</p>`:      nil,
	} {
		assert.Equal(t, want, Read(f).Bars, f)
	}
	for f, want := range map[string][]string{
		`<p>Phase three of five</p>`:       {"Phase three of five"},
		`<p>two of five checks</p>`:        {"two of five"},
		`<p>Step two</p>`:                  {"Step two"},
		`<p>One of the runs failed</p>`:    nil,
		`<p>Someone left at stage one</p>`: {"stage one"},
		`<p>twentyfold of nineteen</p>`:    nil,
	} {
		assert.Equal(t, want, Read(f).Quantified, f)
	}
}

// TestAbsoluteLinksAreOtherLinksSaidWhy: the canonical links are root-relative; the same paths
// as absolute URLs differ, and the divergence says why and what a Laravel helper does.
func TestAbsoluteLinksAreOtherLinksSaidWhy(t *testing.T) {
	abs := strings.ReplaceAll(referenceActivity, `href="/admin/`, `href="http://localhost/admin/`)
	ds := Compare(Read(referenceActivity), Read(referenceActivity).Pieces, Read(abs))
	if assert.Len(t, ds, 1) {
		assert.Equal(t, PropLinks, ds[0].Property)
		assert.Contains(t, ds[0].Want, "root-relative paths")
	}
	other := strings.ReplaceAll(referenceActivity, `href="/admin/operations/45"`, `href="/admin/operations/46"`)
	ds = Compare(Read(referenceActivity), Read(referenceActivity).Pieces, Read(other))
	if assert.Len(t, ds, 1) {
		assert.NotContains(t, ds[0].Want, "root-relative", "another path is no absolute URL")
	}
}
