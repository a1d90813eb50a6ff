package finding

import "strings"

// Section is where the standard states a rule: a document, a heading and its anchor.
type Section struct {
	Doc     string `json:"doc"`
	Heading string `json:"heading"`
}

// Link is the section as a relative link: "docs/standards.md#the-shell-hint".
func (s Section) Link() string { return s.Doc + "#" + Anchor(s.Heading) }

func (s Section) String() string { return s.Heading + " (" + s.Link() + ")" }

// Anchor is the anchor GitHub and most renderers give a heading.
func Anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sections says where each family of rules is stated, by prefix, the longest first.
var sections = []struct {
	prefix  string
	section Section
}{
	{"protocol", Section{"docs/adapter-protocol.md", "Messages"}},
	{"trace.", Section{"docs/standards.md", "What writers persist"}},
	{"writer.", Section{"docs/standards.md", "What writers persist"}},
	{"resolution.percent", Section{"docs/standards.md", "The counted gate"}},
	{"resolution.bar", Section{"docs/standards.md", "The counted gate"}},
	{"resolution.composite", Section{"docs/standards.md", "Composite summaries"}},
	{"resolution.degraded", Section{"docs/standards.md", "Degradation"}},
	{"resolution.phase", Section{"docs/standards.md", "The phase vocabulary"}},
	{"resolution.lifecycle", Section{"docs/standards.md", "Precedence"}},
	{"resolution.active", Section{"docs/standards.md", "Precedence"}},
	{"resolution.", Section{"docs/standards.md", "Precedence"}},
	{"invariant.copy", Section{"docs/standards.md", "Copy rules"}},
	{"invariant.denied", Section{"docs/standards.md", "Visibility"}},
	{"invariant.", Section{"docs/standards.md", "Precedence"}},
	{"status", Section{"docs/standards.md", "Visibility"}},
	{"tenant-shell.", Section{"docs/standards.md", "Visibility"}},
	{"shell.empty", Section{"docs/standards.md", "Visibility"}},
	{"shell.", Section{"docs/standards.md", "The shell hint"}},
	{"standard", Section{"docs/standards.md", "Which families may claim what"}},
	{"answer", Section{"docs/adapter-protocol.md", "Failures"}},
}

// SectionOf is the section that states a rule; scenario steps without a rule of their own
// point at the standard's start.
func SectionOf(rule string) Section {
	for _, s := range sections {
		if strings.HasPrefix(rule, s.prefix) {
			return s.section
		}
	}
	return Section{"docs/standards.md", "One contract, five capabilities"}
}
