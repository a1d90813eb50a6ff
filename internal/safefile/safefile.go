package safefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// ReadBounded reads a regular file of at most limit bytes.
func ReadBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, nil
}

// ErrLink is what RefuseLink returns (wrapped, naming the link and its target).
var ErrLink = errors.New("conform does not write through links unless --report-follow-symlinks")

// RefuseLink refuses a path that is a symbolic link, unless follow. A path that does not exist
// yet is fine.
func RefuseLink(path string, follow bool) error {
	st, err := os.Lstat(path)
	if err != nil || st.Mode()&os.ModeSymlink == 0 || follow {
		return nil
	}
	target, _ := os.Readlink(path)
	return fmt.Errorf("%s is a symbolic link (to %s); %w", path, target, ErrLink)
}

// Writable checks that files can be created in dir, with a probe it removes at once.
func Writable(dir string) error {
	f, err := os.CreateTemp(dir, ".conform-probe-*")
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dir, errors.Unwrap(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// Write writes what write produces to path, or to stdout when path is "". Nothing is written
// to the file when write fails.
func Write(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
