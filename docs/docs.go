// Package docs embeds the written standard so the US4 features can read it from an installed
// conform as well as from a checkout.
package docs

import _ "embed"

//go:generate go run ../cmd/conform docs --write --file standards.md

// Standards is docs/standards.md.
//
//go:embed standards.md
var Standards []byte
