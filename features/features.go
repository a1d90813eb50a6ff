// Package features holds the executable standard: the Gherkin transcription of spec 272 and
// the list of its requirement IDs. Both are embedded so an installed conform carries them; a
// directory on disk can replace the features.
package features

import (
	"embed"
	"io/fs"
)

//go:embed *.feature
var featureFiles embed.FS

//go:embed requirements.yaml
var Requirements []byte

// FS returns the embedded feature files.
func FS() fs.FS { return featureFiles }
