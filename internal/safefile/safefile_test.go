package safefile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadBounded(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	if err := os.WriteFile(small, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		limit   int64
		want    string
		wantErr string
	}{
		{small, 5, "12345", ""},
		{small, 4, "", "is larger than 4 bytes"},
		{zero, 1 << 20, "", "is not a regular file"},
		{dir, 10, "", "is not a regular file"},
		{filepath.Join(dir, "missing"), 10, "", "no such file"},
	}
	for _, tt := range tests {
		got, err := ReadBounded(tt.path, tt.limit)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ReadBounded(%s, %d) error = %v, want %q", tt.path, tt.limit, err, tt.wantErr)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("ReadBounded(%s, %d) = %q, %v; want %q", tt.path, tt.limit, got, err, tt.want)
		}
	}
}

func TestRefuseLink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link")
	if err := os.Symlink("/etc/passwd", link); err != nil {
		t.Fatal(err)
	}
	err := RefuseLink(link, false)
	if !errors.Is(err, ErrLink) || !strings.Contains(err.Error(), "to /etc/passwd") {
		t.Errorf("RefuseLink(link) = %v, want ErrLink naming its target", err)
	}
	for _, ok := range []error{RefuseLink(link, true), RefuseLink(dir, false), RefuseLink(filepath.Join(dir, "new"), false)} {
		if ok != nil {
			t.Errorf("refused: %v", ok)
		}
	}
}

func TestWritableLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := Writable(dir); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the probe stayed: %v", left)
	}
	if err := Writable(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "cannot write into") {
		t.Errorf("Writable(missing) = %v", err)
	}
}

func TestWriteKeepsTheFileOnFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	if err := Write(nil, path, false, func(w io.Writer) error { _, err := io.WriteString(w, "ok"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := Write(nil, path, false, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("Write = %v, want boom", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "ok" {
		t.Errorf("file = %q, want the earlier content", got)
	}
	var b bytes.Buffer
	if err := Write(&b, "", false, func(w io.Writer) error { _, err := io.WriteString(w, "to stdout"); return err }); err != nil || b.String() != "to stdout" {
		t.Errorf("stdout = %q, %v", b.String(), err)
	}
}

// TestWritesAndReadsRefuseWhatIsNoFile: a link is refused when the file is opened (not only
// checked before), a FIFO is refused for reading before it is opened and for writing instead
// of waited on, and a failed write names the path.
func TestWritesAndReadsRefuseWhatIsNoFile(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target"), filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("x"), false); !errors.Is(err, ErrLink) {
		t.Errorf("WriteFile through a link = %v, want ErrLink", err)
	}
	if _, err := os.Stat(target); err == nil {
		t.Error("the link was written through")
	}
	if err := WriteFile(link, []byte("x"), true); err != nil {
		t.Errorf("WriteFile following the link = %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadBounded(fifo, 10); err == nil || !strings.Contains(err.Error(), "a FIFO") {
		t.Errorf("ReadBounded(fifo) = %v", err)
	}
	if err := WriteFile(fifo, []byte("x"), false); err == nil || !strings.Contains(err.Error(), "FIFO") {
		t.Errorf("WriteFile(fifo) = %v", err)
	}
	if _, err := os.Stat("/dev/full"); err == nil {
		if err := WriteFile("/dev/full", []byte("x"), true); err == nil || !strings.Contains(err.Error(), "/dev/full") {
			t.Errorf("WriteFile(/dev/full) = %v", err)
		}
	}
}
