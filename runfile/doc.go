// Package runfile reads runs from the formats users hand to conform: one JSON object, JSON
// Lines (one run per line), or YAML (one or more documents). Every error names the input and
// the line it concerns, so a user can jump straight to the problem.
//
// Its rule: every error names FILE:LINE, and memory stays bounded whatever the input's size.
package runfile
