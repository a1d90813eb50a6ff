package record

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/safetext"
)

// Grid is records side by side against the requirements they cover: the matrix of
// implementations (or versions of one) and the standard.
type Grid struct {
	Records      []Record
	Requirements []string // every requirement any record covers, in the standard's order
}

// NewGrid lays records side by side.
func NewGrid(rs []Record) Grid {
	ids := map[string]bool{}
	for _, r := range rs {
		for id := range r.Requirements {
			ids[id] = true
		}
	}
	g := Grid{Records: rs}
	for id := range ids {
		g.Requirements = append(g.Requirements, id)
	}
	sort.Slice(g.Requirements, func(i, j int) bool { return requirementLess(g.Requirements[i], g.Requirements[j]) })
	return g
}

// requirementOrder is the order spec 272 lists its requirement families in.
var requirementOrder = map[string]int{"US": 0, "EC": 1, "FR": 2, "AR": 3, "NFR": 4, "SC": 5}

var requirementID = regexp.MustCompile(`^([A-Z]+)-?(\d*)(.*)$`)

// requirementLess orders requirement IDs as the standard does: by family, then number.
func requirementLess(a, b string) bool {
	ma, mb := requirementID.FindStringSubmatch(a), requirementID.FindStringSubmatch(b)
	if ma == nil || mb == nil {
		return a < b
	}
	fa, oka := requirementOrder[ma[1]]
	fb, okb := requirementOrder[mb[1]]
	if !oka {
		fa = len(requirementOrder)
	}
	if !okb {
		fb = len(requirementOrder)
	}
	if fa != fb {
		return fa < fb
	}
	if ma[1] != mb[1] {
		return ma[1] < mb[1]
	}
	na, _ := strconv.Atoi(ma[2])
	nb, _ := strconv.Atoi(mb[2])
	if na != nb {
		return na < nb
	}
	return ma[3] < mb[3]
}

// mark is a verdict as a grid cell shows it.
func mark(v string) string {
	switch v {
	case finding.Passed:
		return "✓"
	case finding.Failed:
		return "✗"
	case finding.Known:
		return "known gap"
	case finding.Pending:
		return "pending"
	}
	return "–"
}

// WriteMarkdown writes the grid as a Markdown table: a column per record, a row per
// requirement, the failing cells marked ✗.
func (g Grid) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("## conform: implementations against spec 272\n\n")
	b.WriteString("| |")
	for _, r := range g.Records {
		fmt.Fprintf(&b, " %s |", safetext.Cell(r.Implementation.String()))
	}
	b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(g.Records)) + "\n")
	row := func(name string, cell func(Record) string) {
		fmt.Fprintf(&b, "| %s |", name)
		for _, r := range g.Records {
			fmt.Fprintf(&b, " %s |", safetext.Cell(cell(r)))
		}
		b.WriteString("\n")
	}
	row("**verdict**", func(r Record) string { return "**" + r.Verdict + "**" })
	row("checks", func(r Record) string {
		return fmt.Sprintf("%d passed, %d failed, %d known, %d pending", r.Counts.Passed, r.Counts.Failed, r.Counts.Known, r.Counts.Pending)
	})
	row("lane", func(r Record) string { return r.Lane })
	row("conform", func(r Record) string { return r.Conform })
	row("standard", func(r Record) string { return r.Standard })
	row("registry", func(r Record) string { return shortDigest(r.Registry) })
	for _, id := range g.Requirements {
		row(safetext.Cell(id), func(r Record) string { return mark(r.Requirements[id]) })
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func shortDigest(d string) string {
	d = strings.TrimPrefix(d, "sha256:")
	if len(d) > 12 {
		return d[:12]
	}
	return d
}

// WriteHTML writes the grid as a self-contained page (no script, no external asset).
func (g Grid) WriteHTML(w io.Writer) error {
	return gridPage.Execute(w, g)
}

// CellClass is the CSS class of a verdict's cell.
func cellClass(v string) string {
	switch v {
	case finding.Passed:
		return "ok"
	case finding.Failed:
		return "bad"
	case finding.Known, finding.Pending:
		return "gap"
	}
	return "none"
}

var gridPage = template.Must(template.New("grid").Funcs(template.FuncMap{
	"mark": mark, "cell": cellClass, "short": shortDigest, "line": safetext.Line,
	"verdict": func(r Record, id string) string { return r.Requirements[id] },
}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<title>conform: implementations against spec 272</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:24px;color:#1f2328}
table{border-collapse:collapse}
td,th{border:1px solid #d0d7de;padding:4px 10px;text-align:center}
th.req,td.req{text-align:left}
.ok{background:#dafbe1}.bad{background:#ffebe9;color:#cf222e;font-weight:600}.gap{background:#fff8c5}.none{color:#8c959f}
</style>
</head>
<body>
<h1>conform: implementations against spec 272</h1>
<table>
<tr><th class="req"></th>{{range .Records}}<th>{{line .Implementation.String}}</th>{{end}}</tr>
<tr><td class="req">verdict</td>{{range .Records}}<td class="{{if eq .Verdict "conforms"}}ok{{else}}bad{{end}}">{{.Verdict}}</td>{{end}}</tr>
<tr><td class="req">checks</td>{{range .Records}}<td>{{.Counts.Passed}} passed, {{.Counts.Failed}} failed, {{.Counts.Known}} known, {{.Counts.Pending}} pending</td>{{end}}</tr>
<tr><td class="req">lane</td>{{range .Records}}<td>{{line .Lane}}</td>{{end}}</tr>
<tr><td class="req">conform</td>{{range .Records}}<td>{{line .Conform}}</td>{{end}}</tr>
<tr><td class="req">standard</td>{{range .Records}}<td>{{line .Standard}}</td>{{end}}</tr>
<tr><td class="req">registry</td>{{range .Records}}<td><code>{{short .Registry}}</code></td>{{end}}</tr>
{{range $id := .Requirements}}<tr data-requirement="{{line $id}}"><td class="req">{{line $id}}</td>{{range $.Records}}{{$v := verdict . $id}}<td class="{{cell $v}}" data-verdict="{{$v}}">{{mark $v}}</td>{{end}}</tr>
{{end}}</table>
</body>
</html>
`))

// Badge is a shields.io endpoint file: a badge saying whether the record's implementation
// conforms (https://shields.io/badges/endpoint-badge).
type Badge struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
}

// BadgeOf is the badge of a record: green when it conforms, yellow when it conforms with
// known gaps or pending checks, red when it does not.
func BadgeOf(r Record, label string) Badge {
	b := Badge{SchemaVersion: 1, Label: label, Message: Conforms, Color: "brightgreen"}
	switch {
	case r.Verdict != Conforms:
		b.Message, b.Color = fmt.Sprintf("%d failing", r.Counts.Failed), "red"
		if r.Counts.Failed == 0 {
			b.Message = DoesNotConform // a stale or expired gap
		}
	case r.Counts.Known+r.Counts.Pending > 0:
		b.Message, b.Color = fmt.Sprintf("conforms, %d known gaps", r.Counts.Known+r.Counts.Pending), "yellow"
	}
	return b
}

// Marshal is the badge's file.
func (b Badge) Marshal() ([]byte, error) {
	out, err := json.Marshal(b)
	return append(out, '\n'), err
}
