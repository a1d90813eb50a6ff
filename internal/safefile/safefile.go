package safefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// ReadBounded reads a regular file of at most limit bytes. A FIFO, a device or a directory is
// refused before it is opened (opening a FIFO waits for a writer that may never come), and
// the file is opened without blocking in case it was swapped for one in between.
func ReadBounded(path string, limit int64) ([]byte, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s)", path, kind(st.Mode()))
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s)", path, kind(st.Mode()))
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

// kind names what a non-regular file is.
func kind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m.IsDir():
		return "a directory"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

// Write writes what write produces to path, or to stdout when path is "". Nothing is written
// to the file when write fails; the file is opened as WriteFile does.
func Write(stdout io.Writer, path string, follow bool, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return WriteFile(path, b.Bytes(), follow)
}

// WriteFile writes data to path, checked when it is opened, not only before: a symbolic link
// is refused (O_NOFOLLOW) unless follow, so one planted during a run is not written through; a
// FIFO is refused instead of waited on; and a failed write or close (a full disk, /dev/full)
// is an error naming the path.
func WriteFile(path string, data []byte, follow bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC | syscall.O_NONBLOCK
	if !follow {
		flags |= syscall.O_NOFOLLOW
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return fmt.Errorf("%s is a symbolic link; %w", path, ErrLink)
		}
		if errors.Is(err, syscall.ENXIO) {
			return fmt.Errorf("%s is a FIFO without a reader; conform writes files", path)
		}
		return err
	}
	if st, err := f.Stat(); err == nil && st.Mode()&os.ModeNamedPipe != 0 {
		f.Close()
		return fmt.Errorf("%s is a FIFO; conform writes files", path)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
