package suite

import (
	"fmt"
	"regexp"
	"strings"
)

var tagName = regexp.MustCompile(`^~?@?[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// ValidateTags checks a godog tag expression ("@a && ~@b, @c": commas are OR, && is AND, ~
// negates) before godog sees it; godog itself panics on an empty term.
func ValidateTags(expr string) error {
	if strings.TrimSpace(expr) == "" {
		return nil
	}
	for _, or := range strings.Split(expr, ",") {
		for _, term := range strings.Split(or, "&&") {
			term = strings.TrimSpace(term)
			if !tagName.MatchString(term) {
				return fmt.Errorf("invalid tag expression %q: bad term %q (write @a && ~@b, @c: comma is or, && is and, ~ is not)", expr, term)
			}
		}
	}
	return nil
}

// AndTags combines two tag expressions with AND, distributing over the commas (ORs) of both.
func AndTags(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	var out []string
	for _, x := range strings.Split(a, ",") {
		for _, y := range strings.Split(b, ",") {
			out = append(out, strings.TrimSpace(x)+" && "+strings.TrimSpace(y))
		}
	}
	return strings.Join(out, ", ")
}
