package docs

import _ "embed"

//go:generate go run ../cmd/conform docs --write --file standards.md

// Standards is docs/standards.md.
//
//go:embed standards.md
var Standards []byte
