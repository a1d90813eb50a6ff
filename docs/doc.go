// Package docs embeds the written standard so the US4 features can read it from an installed
// conform as well as from a checkout.
//
// Its rule: the generated tables of standards.md are rendered from package contract (conform
// docs --check fails when they drift).
package docs
