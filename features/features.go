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
