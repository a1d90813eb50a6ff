// Package safefile is how conform reads and writes the files a user names: a file it reads
// must be a regular file within a size bound (a link to /dev/zero is one error, not a hang),
// and a place it writes is checked before the long work starts, never a symbolic link unless
// the user allows it (a link would write wherever it points).
//
// Its rule: every file a user names is checked before the long work starts.
package safefile
