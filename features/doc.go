// Package features holds the executable standard: the Gherkin transcription of spec 272 and
// the list of its requirement IDs. Both are embedded so an installed conform carries them; a
// directory on disk can replace the features.
//
// Its rule: every scenario carries the requirement IDs it covers (package matrix checks it).
package features
