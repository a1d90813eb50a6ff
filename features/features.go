package features

import (
	"embed"
	"io/fs"
)

//go:embed *.feature
var featureFiles embed.FS

//go:embed requirements.yaml
var Requirements []byte

// Releases is the history of the standard: the checks each release added (package history).
//
//go:embed releases.yaml
var Releases []byte

// FS returns the embedded feature files.
func FS() fs.FS { return featureFiles }
