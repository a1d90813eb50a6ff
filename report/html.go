package report

import (
	"encoding/json"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/matrix"
	"github.com/conform-dev/conform/vectors"
)

// Document is everything the HTML report shows.
type Document struct {
	Title          string
	Implementation string
	Store          string
	Generated      time.Time
	Run            SuiteRun
	Matrix         *matrix.Matrix
	Gallery        []GalleryGroup
}

// GalleryGroup is one category of vectors.
type GalleryGroup struct {
	Category string
	Items    []GalleryItem
}

// GalleryItem is one vector as the operator sees it.
type GalleryItem struct {
	ID         string
	Reason     string
	Capability string
	Degraded   bool
	Shell      template.HTML // rendered by the reference presenter (html/template), so trusted
}

// Gallery renders the shell hint of every vector with the reference contract: the standard as
// operators see it.
func Gallery(vs []vectors.Vector) []GalleryGroup {
	byCat := map[string][]GalleryItem{}
	for _, v := range vs {
		if v.Kind == vectors.KindAccess {
			continue // an access vector is about who sees a run, not what it shows
		}
		cat, _, _ := strings.Cut(v.ID, "/")
		res := contract.Resolve(v.Run)
		byCat[cat] = append(byCat[cat], GalleryItem{ID: v.ID, Reason: v.Reason, Capability: string(res.Capability),
			Degraded: res.Degraded, Shell: template.HTML(contract.Present(v.Run, res).HTML())})
	}
	var cats []string
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var out []GalleryGroup
	for _, c := range cats {
		out = append(out, GalleryGroup{Category: c, Items: byCat[c]})
	}
	return out
}

func prettyJSON(s string) string {
	if s == "" {
		return ""
	}
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// shellDoc wraps an implementation's fragment for a sandboxed iframe: the fragment comes
// from the implementation under test and is never trusted in the report's own document.
func shellDoc(fragment string) string {
	return "<!doctype html><meta charset=utf-8><meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\"><style>" + shellCSS + "</style>" + fragment
}

// CSP is the report's Content-Security-Policy: no script runs, nothing is loaded from
// anywhere; inline styles and the sandboxed frames of shell hints are all it allows. The
// report shows what implementations under test answered, which is never trusted.
const CSP = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self' about: data:; base-uri 'none'; form-action 'none'"

// WriteHTML writes the self-contained report: no external asset, works offline.
func WriteHTML(w io.Writer, p Document) error {
	passed, failed, skipped := p.Run.Counts()
	data := map[string]any{
		"Page": p, "Passed": passed, "Failed": failed, "Skipped": skipped,
		"Failures": p.Run.Failures(), "Findings": p.Run.Findings(), "Gaps": p.Run.Gaps(), "GapFailures": p.Run.GapFailures(), "CSS": template.CSS(pageCSS + shellCSS), "CSP": CSP,
	}
	return page.Execute(w, data)
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pretty":   prettyJSON,
	"shellDoc": shellDoc,
	"join":     strings.Join,
	"stamp":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") },
	"replay":   finding.Replay,
	"inc":      func(i int) int { return i + 1 },
}).Parse(pageTemplate))

const shellCSS = `
.op-hint{font:14px/1.4 system-ui,sans-serif;border:1px solid #d0d7de;border-radius:8px;padding:10px 12px;background:#fff;max-width:420px}
.op-hint p{margin:2px 0}
.op-hint-operation{font-weight:600}
.op-hint-lifecycle{color:#57606a;margin-left:6px}
.op-hint-progress{color:#0b4f9c}
.op-hint-detail{color:#24292f}
.op-hint-next{color:#9a6700}
.op-hint-bar{width:100%;height:10px}
.op-hint-links a{margin-right:12px;color:#0969da}
`

const pageCSS = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}
header h1{margin:0 0 4px;font-size:20px}
header nav a{color:#9ecbff}
main{padding:16px 24px;max-width:1200px}
section{margin:0 0 28px}
h2{font-size:17px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.verdict-ok{color:#1a7f37}.verdict-bad{color:#cf222e}
.counts span{margin-right:16px}
.scenario{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;margin:10px 0}
.scenario.failed{border-left:5px solid #cf222e}
.tag{display:inline-block;background:#ddf4ff;color:#0550ae;border-radius:10px;padding:0 8px;margin:1px;font-size:12px}
.sidebyside{display:flex;gap:16px;flex-wrap:wrap}
.sidebyside>div{flex:1;min-width:280px}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow:auto;max-height:260px;font-size:12px;white-space:pre-wrap}
iframe{width:100%;height:190px;border:1px dashed #8c959f;background:#fff}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;font-size:13px}
.st-passed{color:#1a7f37}.st-failed{color:#cf222e;font-weight:600}.st-skipped{color:#9a6700}
tr.uncovered td{background:#ffebe9}
tr.not-executable td{color:#57606a}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px}
.card .meta{font-size:12px;color:#57606a;margin-bottom:6px}
.expected{color:#1a7f37}.actual{color:#cf222e}
`

const pageTemplate = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Page.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<header>
<h1>{{.Page.Title}}</h1>
<div class="counts">
{{if or .Failed .GapFailures}}<strong class="verdict-bad">does not conform</strong>{{else}}<strong class="verdict-ok">conforms</strong>{{end}}
<span id="count-passed">{{.Passed}} passed</span><span id="count-failed">{{.Failed}} failed</span><span id="count-skipped">{{.Skipped}} skipped</span>
</div>
<div>implementation: {{.Page.Implementation}} · store: {{.Page.Store}}{{if .Page.Run.Sweep}} · sweep: {{.Page.Run.Sweep}}{{end}} · {{stamp .Page.Generated}}</div>
<nav>{{if .Findings}}<a href="#findings">Findings</a> · {{end}}{{if .Failures}}<a href="#failures">Failures</a> · {{end}}<a href="#features">Features</a>{{if .Page.Matrix}} · <a href="#matrix">Traceability</a>{{end}} · <a href="#gallery">Gallery</a></nav>
</header>
<main>
{{if .Findings}}
<section id="findings">
<h2>Findings <small>(by root cause; fix the first first)</small></h2>
{{range $i, $f := .Findings}}
<article class="finding" data-rule="{{$f.Rule}}">
<h3>{{inc $i}}. {{$f.Rule}}</h3>
<div>{{len $f.Checks}} failed checks at the {{$f.Stage}} stage · rule: <a href="{{$f.Section.Link}}">{{$f.Section.Heading}}</a></div>
<pre>{{if $f.Example.Input}}input:  {{$f.Example.Input}}
{{end}}got:    {{$f.Example.Got}}
want:   {{$f.Example.Want}}</pre>
{{with replay $.Page.Run.Command $f.Example}}<p>replay: <code>{{.}}</code></p>{{end}}
<details><summary>Failed checks</summary><ul>{{range $f.Checks}}<li>{{.}}</li>{{end}}</ul></details>
</article>
{{end}}
</section>
{{end}}
{{if .Gaps}}
<section id="gaps">
<h2>Known gaps</h2>
<table>
<tr><th>Gap</th><th>Status</th><th>Reason</th><th>Ticket</th><th>Failing checks</th></tr>
{{range .Gaps}}<tr data-gap-status="{{.Status}}"><td><code>{{.Gap.Check}}</code> <small>{{.Gap.Source}}</small></td><td class="{{if eq .Status "known"}}st-skipped{{else}}st-failed{{end}}">{{.Status}}</td><td>{{.Gap.Reason}}</td><td>{{.Gap.Ticket}}</td><td>{{len .Failing}} of {{len .Checks}}</td></tr>
{{end}}</table>
</section>
{{end}}
{{if .Failures}}
<section id="failures">
<h2>Failures</h2>
{{range .Failures}}
<article class="scenario failed" data-status="failed">
<h3>{{.Name}}</h3>
<div>{{.Feature}} · <code>{{.URI}}:{{.Line}}</code> {{range .Requirements}}<span class="tag">{{.}}</span>{{end}}</div>
<p>Failed step: <strong>{{.FailedStep}}</strong></p>
{{if and .Expected (ne .Expected .Actual)}}<p>Expected <span class="expected">{{.Expected}}</span>, got <span class="actual">{{.Actual}}</span></p>{{end}}
<div class="sidebyside">
<div><h4>What went wrong</h4><pre>{{.Error}}</pre>{{if .Resolution}}<h4>Resolution</h4><pre>{{pretty .Resolution}}</pre>{{end}}</div>
<div><h4>Shell hint as the operator sees it</h4>{{if .ShellHTML}}<iframe sandbox title="shell hint of {{.Name}}" srcdoc="{{shellDoc .ShellHTML}}"></iframe>{{else}}<p>(no shell hint)</p>{{end}}
{{if .Run}}<details><summary>Run</summary><pre>{{pretty .Run}}</pre></details>{{end}}</div>
</div>
</article>
{{end}}
</section>
{{end}}
<section id="features">
<h2>Features</h2>
{{range .Page.Run.Features}}
<h3>{{.Name}} <small><code>{{.URI}}</code></small></h3>
<table>
<tr><th>Status</th><th>Scenario</th><th>Requirements</th></tr>
{{range .Scenarios}}<tr class="scenario-row" data-status="{{.Status}}"><td class="st-{{.Status}}">{{.Status}}{{if .SkipReason}} ({{.SkipReason}}){{end}}</td><td>{{.Name}}</td><td>{{range .Requirements}}<span class="tag">{{.}}</span>{{end}}</td></tr>
{{end}}</table>
{{end}}
</section>
{{with .Page.Matrix}}
<section id="matrix">
<h2>Traceability matrix</h2>
{{if .Uncovered}}<p class="verdict-bad">Uncovered: {{join .Uncovered ", "}}</p>{{end}}
<table>
<tr><th>Requirement</th><th>Text</th><th>Covered by</th></tr>
{{range .Rows}}<tr class="{{if not .Executable}}not-executable{{else if not .Scenarios}}uncovered{{end}}" data-requirement="{{.ID}}"><td>{{.ID}}</td><td>{{.Text}}</td><td>{{if not .Executable}}not executable here: {{.Reason}}{{else if not .Scenarios}}<strong>uncovered</strong>{{else}}{{len .Scenarios}} scenarios{{end}}</td></tr>
{{end}}</table>
</section>
{{end}}
<section id="gallery">
<h2>Gallery: the shell hint of every vector, as the operator sees it</h2>
{{range .Page.Gallery}}
<h3>{{.Category}}</h3>
<div class="gallery">
{{range .Items}}<div class="card" data-vector="{{.ID}}" data-capability="{{.Capability}}"{{if .Degraded}} data-degraded="true"{{end}}>
<div class="meta"><code>{{.ID}}</code> · {{.Capability}}{{if .Degraded}} (degraded){{end}}<br>{{.Reason}}</div>
{{.Shell}}
</div>
{{end}}</div>
{{end}}
</section>
</main>
</body>
</html>
`
