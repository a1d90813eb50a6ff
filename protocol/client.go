// The calling end of the protocol: Client runs an implementation of the progress contract as
// a child process speaking the line protocol, and offers it to the features as a
// subject.Implementation, so every scenario runs unchanged against it.
//
// A malformed line, a wrong seq, a schema violation, a crash or a response slower than the
// timeout fails that one check, with the request, the raw output and the process's stderr
// shown; the process is restarted for the next request and the run goes on.
//
// Nothing the program does can hold conform: every write to it and every read from it has a
// deadline, what a failure keeps of its output, error and stderr is capped, a breaker stops
// asking a program that failed many checks in a row, a whole-run deadline bounds the rest, and
// stopping it ends its whole process tree, descendants that left the process group included.

package protocol

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/internal/jsonvalue"
	"github.com/conform-dev/conform/internal/reap"
	"github.com/conform-dev/conform/internal/safetext"
	"github.com/conform-dev/conform/registry"
	"github.com/conform-dev/conform/subject"
)

// Client is an implementation behind a process: the calling end of the protocol.
type Client struct {
	Command string        // run with /bin/sh -c
	Timeout time.Duration // per response (the handshake: at least StartWait), and per write of a request
	Dir     string        // working directory ("" = current)
	// Breaker is how many checks in a row may fail on the protocol (no answer, garbage, a
	// crash) before the adapter stops asking the program (default 10); 0 uses the default.
	Breaker int
	// Deadline, when set, ends every request after it: the whole run's time budget.
	Deadline time.Time
	// Registry, when set, travels in the start request: the families the program is held to.
	Registry *registry.Wire

	mu          sync.Mutex
	proc        *process
	seq         int64
	info        Implementation
	database    bool  // its writers run on the database a drive request names
	consecutive int   // protocol failures in a row
	broken      error // set once the breaker or the deadline stopped the adapter
}

var (
	_ subject.Implementation = (*Client)(nil)
	_ subject.Batcher        = (*Client)(nil)
)

// NewClient makes a client; nothing starts before Start or the first request.
func NewClient(command string, timeout time.Duration) *Client {
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	return &Client{Command: command, Timeout: timeout}
}

// process is one running child. conform owns both ends of its pipes: the child's stdin, so
// writes have deadlines, and its stdout and stderr, so reading them never races with Wait.
type process struct {
	cmd    *exec.Cmd
	stdin  *os.File
	lines  chan []byte // stdout, line by line; closed at EOF
	quit   chan struct{}
	stderr *tail
	// drained is closed once stderr reached its end: a failure waits for it (briefly), so the
	// last words of a program that crashed are in the message, not still in the pipe.
	drained chan struct{}
	done    chan struct{}
	err     error // exit status, once done is closed
}

// stderrTail is what the program wrote to stderr, once the pipe is drained or after a short
// wait (a descendant that escaped the kill may hold it open).
func (p *process) stderrTail() string {
	select {
	case <-p.drained:
	case <-time.After(250 * time.Millisecond):
	}
	return p.stderr.String()
}

// tail keeps the last bytes a process wrote to stderr.
type tail struct {
	mu   sync.Mutex
	buf  []byte
	seen int64
}

// tailSize is what a failure shows of the program's stderr: its last 4 KiB.
const tailSize = 4096

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seen += int64(len(p))
	if len(p) >= tailSize {
		t.buf = append(t.buf[:0], p[len(p)-tailSize:]...)
		return len(p), nil
	}
	t.buf = append(t.buf, p...)
	if len(t.buf) > tailSize {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailSize:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(t.buf))
	if t.seen > int64(len(t.buf)) {
		s = fmt.Sprintf("(the last %d of %d bytes) ", len(t.buf), t.seen) + s
	}
	return s
}

// maxLine bounds one response line.
const maxLine = 16 << 20

func (a *Client) spawn() (*process, error) {
	cmd := exec.Command("/bin/sh", "-c", a.Command)
	cmd.Dir = a.Dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	parentDeath(cmd.SysProcAttr)
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		return nil, err
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	p := &process{cmd: cmd, stdin: inW, lines: make(chan []byte, 1), quit: make(chan struct{}), stderr: &tail{}, drained: make(chan struct{}), done: make(chan struct{})}
	startErr := cmd.Start()
	// The child has its copies; conform keeps only its own ends.
	inR.Close()
	outW.Close()
	errW.Close()
	if startErr != nil {
		inW.Close()
		outR.Close()
		errR.Close()
		return nil, fmt.Errorf("cannot start %q: %w", a.Command, startErr)
	}
	go func() {
		defer outR.Close()
		defer close(p.lines)
		r := bufio.NewReaderSize(outR, 64*1024)
		for {
			line, err := readLine(r)
			if len(line) > 0 || err == nil {
				select {
				case p.lines <- line:
				case <-p.quit:
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		defer close(p.drained)
		defer errR.Close()
		_, _ = io.Copy(p.stderr, errR)
	}()
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// readLine reads one line of at most maxLine bytes.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, isPrefix, err := r.ReadLine()
		line = append(line, chunk...)
		if len(line) > maxLine {
			return line[:256], fmt.Errorf("a line longer than %d bytes", maxLine)
		}
		if err != nil || !isPrefix {
			return line, err
		}
	}
}

// kill ends the process, its process group and every descendant, even one that left the
// group with setsid(); the stdout reader is told to stop.
func (p *process) kill() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	select {
	case <-p.quit:
	default:
		close(p.quit)
	}
	_ = p.stdin.Close()
	reap.Kill(p.cmd.Process.Pid)
	select {
	case <-p.done:
	case <-time.After(2 * time.Second):
	}
}

// What a failure keeps of what the program said: enough to read, never its whole output.
const (
	keepOutput = 2048
	keepError  = 1024
)

// capped cuts s to n bytes and says so.
func capped(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf(" ... (cut: %d bytes in all)", len(s))
}

// CheckError is one failed exchange, with everything a reviewer needs to see, and the error
// behind it when there is one (Unwrap: context.Canceled when interrupted,
// os.ErrDeadlineExceeded when the program did not answer or read in time, the program's exit
// error, the schema's validation error).
type CheckError struct {
	Command string
	Problem string
	Request string
	Output  string
	Stderr  string
	Err     error
}

func (e *CheckError) Unwrap() error { return e.Err }

// trouble is what went wrong in one exchange: the text a reviewer reads, and the error
// behind it (nil when the text says it all). The zero value means nothing went wrong.
type trouble struct {
	text string
	err  error
}

func troubled(text string, err error) trouble { return trouble{text: text, err: err} }

func (e *CheckError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "implementation %q: %s", e.Command, e.Problem)
	fmt.Fprintf(&b, "\n  request: %s", strings.TrimSpace(e.Request))
	out := e.Output
	if out == "" {
		out = "(nothing)"
	}
	fmt.Fprintf(&b, "\n  output:  %s", out)
	if e.Stderr != "" {
		fmt.Fprintf(&b, "\n  stderr:  %s", strings.ReplaceAll(e.Stderr, "\n", "\n           "))
	}
	return b.String()
}

// Start launches the process and performs the handshake.
func (a *Client) Start(ctx context.Context) (Implementation, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.ensure(ctx); err != nil {
		return Implementation{}, err
	}
	return a.info, nil
}

// ensure starts the process and does the handshake when none is running.
func (a *Client) ensure(ctx context.Context) error {
	if err := a.usable(); err != nil {
		return err
	}
	if a.proc != nil {
		select {
		case <-a.proc.done:
			a.proc = nil
		default:
			return nil
		}
	}
	p, err := a.spawn()
	if err != nil {
		return err
	}
	a.proc = p
	req, _ := Marshal(Request{Cmd: "start", Version: Version, Registry: a.Registry})
	raw, problem := a.exchange(ctx, req, a.startWait())
	var version struct {
		Version *json.Number `json:"version"`
		Error   string       `json:"error"`
	}
	if problem.text == "" && json.Unmarshal(raw, &version) == nil && version.Error != "" && version.Version == nil {
		problem = troubled("refused the start: "+capped(version.Error, keepError), ErrRefused)
	}
	if problem.text == "" && json.Unmarshal(raw, &version) == nil && version.Version != nil && version.Version.String() != fmt.Sprint(Version) {
		problem = troubled(fmt.Sprintf("speaks protocol version %s; conform speaks version %d: %s (docs/adapter-protocol.md)", version.Version, Version, VersionNews), nil)
	}
	if problem.text == "" {
		if err := Validate(SchemaStartResponse, raw); err != nil {
			problem = troubled("start response "+err.Error(), err)
		}
	}
	if problem.text != "" {
		return a.fail(problem, req, raw)
	}
	var sr StartResponse
	_ = json.Unmarshal(raw, &sr)
	a.info = sr.Implementation
	// The program names itself: its words reach logs and summaries as data, one short line.
	for _, f := range []*string{&a.info.Name, &a.info.Language, &a.info.Version} {
		*f = safetext.Line(safetext.Cap(*f, 200))
	}
	a.database = sr.Writes == WritesDatabase
	return nil
}

// exchange writes one request and reads one line back, within the timeout.
func (a *Client) exchange(ctx context.Context, req []byte, wait time.Duration) ([]byte, trouble) {
	p := a.proc
	if problem := a.write(ctx, p, req); problem.text != "" {
		return nil, problem
	}
	return a.receive(ctx, p, wait)
}

// StartWait is the least the handshake may take: an interpreter or a framework starting on a
// busy machine takes longer than one answer should, and a slow start is not a wrong one.
const StartWait = 10 * time.Second

// startWait is how long the handshake may take: the timeout, and at least StartWait.
func (a *Client) startWait() time.Duration { return max(a.Timeout, StartWait) }

// write sends bytes to the program within the timeout; Ctrl-C ends the wait at once.
func (a *Client) write(ctx context.Context, p *process, b []byte) trouble {
	_ = p.stdin.SetWriteDeadline(time.Now().Add(a.Timeout))
	stop := context.AfterFunc(ctx, func() { _ = p.stdin.SetWriteDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := p.stdin.Write(b); err != nil {
		switch {
		case ctx.Err() != nil:
			return troubled("interrupted", ctx.Err())
		case errors.Is(err, os.ErrDeadlineExceeded):
			return troubled(fmt.Sprintf("the process does not read its input (nothing read within %s)", a.Timeout), err)
		}
		how, _, exitErr := exit(p)
		return troubled("the process does not read its input ("+how+")", errors.Join(err, exitErr))
	}
	return trouble{}
}

// receive reads the next answer line of a process, within the timeout and the run's deadline.
func (a *Client) receive(ctx context.Context, p *process, wait time.Duration) ([]byte, trouble) {
	if !a.Deadline.IsZero() {
		if left := time.Until(a.Deadline); left < wait {
			wait = max(left, time.Millisecond)
		}
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case line, ok := <-p.lines:
		if !ok {
			how, done, exitErr := exit(p)
			if !done {
				exitErr = io.EOF // it closed its output and still runs
			}
			return nil, troubled("the process ended without answering ("+how+")", exitErr)
		}
		return line, trouble{}
	case <-timer.C:
		return nil, troubled(fmt.Sprintf("no answer within %s", wait), os.ErrDeadlineExceeded)
	case <-ctx.Done():
		return nil, troubled("interrupted", ctx.Err())
	}
}

// exit waits briefly for the process to end and says how: the text a failure shows, and its
// exit error (nil when it exited 0); done is false when it still runs.
func exit(p *process) (how string, done bool, err error) {
	select {
	case <-p.done:
		if p.err != nil {
			return p.err.Error(), true, p.err
		}
		return "exit status 0", true, nil
	case <-time.After(500 * time.Millisecond):
		return "still running", false, nil
	}
}

// fail builds the check error and restarts the process on the next request.
func (a *Client) fail(t trouble, req, out []byte) error {
	problem := t.text
	p := a.proc
	p.kill()
	a.proc = nil
	a.consecutive++
	if a.consecutive >= a.breaker() && a.broken == nil {
		a.broken = &StoppedError{Last: capped(problem, keepError), Err: errline.Wrap(ErrStopped, "implementation %q failed %d checks in a row on the protocol; conform stopped asking it (the last: %s)", a.Command, a.consecutive, capped(problem, keepError))}
	}
	return &CheckError{Command: a.Command, Problem: capped(problem, keepError), Request: capped(string(req), keepOutput),
		Output: capped(string(out), keepOutput), Stderr: p.stderrTail(), Err: t.err}
}

func (a *Client) breaker() int {
	if a.Breaker > 0 {
		return a.Breaker
	}
	return 10
}

// ErrRefused is in the chain of the error of every request to a program that answered its
// start with an error (a registry it will not hold itself to).
var ErrRefused = errors.New("the implementation refused the start")

// Problem is the finding.Problem of an error that came of a program's answers breaking the
// protocol (a CheckError, or the breaker it tripped: its root cause is the problem that
// tripped it), nil for any other error.
func Problem(err error) *finding.Problem {
	// What the program said is data: one printable line, bounded.
	line := func(s string, n int) string { return safetext.Line(safetext.Cap(s, n)) }
	var se *StoppedError
	if errors.As(err, &se) {
		return &finding.Problem{Rule: "protocol: " + line(se.Last, 300), Stage: finding.Protocol, Got: line(se.Last, 300), Detail: safetext.Text(se.Error())}
	}
	var ce *CheckError
	if errors.As(err, &ce) {
		return &finding.Problem{Rule: "protocol: " + line(ce.Problem, 300), Stage: finding.Protocol, Got: line(ce.Output, 300), Detail: safetext.Text(ce.Error())}
	}
	return nil
}

// StoppedError is the breaker's error: Last is the protocol problem that tripped it, the
// root cause of every check that fails after it.
type StoppedError struct {
	Last string
	Err  error
}

func (e *StoppedError) Error() string { return e.Err.Error() }
func (e *StoppedError) Unwrap() error { return e.Err }

// ErrStopped is what every request returns (wrapped, saying why) once the client stopped
// asking the program: its breaker tripped or the run's deadline passed.
var ErrStopped = errors.New("conform stopped asking the implementation")

// Broken is why the adapter stopped asking the program (its breaker or the run's deadline),
// or nil.
func (a *Client) Broken() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.broken
}

// usable refuses a request once the adapter is broken or the run's deadline passed.
func (a *Client) usable() error {
	if a.broken == nil && !a.Deadline.IsZero() && time.Now().After(a.Deadline) {
		a.broken = errline.Wrap(ErrStopped, "the run's deadline (--impl-deadline) passed; conform stopped asking %q", a.Command)
	}
	return a.broken
}

// call sends one request and returns its validated response.
func (a *Client) call(ctx context.Context, req Request, schema string) (Response, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.ensure(ctx); err != nil {
		return Response{}, err
	}
	a.seq++
	req.Seq = a.seq
	line, err := Marshal(req)
	if err != nil {
		return Response{}, err
	}
	raw, problem := a.exchange(ctx, line, a.Timeout)
	if problem.text != "" {
		return Response{}, a.fail(problem, line, raw)
	}
	resp, err, _ := a.check(line, raw, schema, req.Seq)
	return resp, err
}

// check validates one answer line. fatal is true when the process broke the protocol (it was
// killed and will be restarted); an answer that reports an error is not fatal.
func (a *Client) check(line, raw []byte, schema string, seq int64) (resp Response, err error, fatal bool) {
	// One parse serves the duplicate-key check and the schema; a line that is not JSON gets
	// the schema validator's own message.
	var dup *jsonvalue.DuplicateKeyError
	doc, perr := jsonvalue.ParseUnique(raw)
	if errors.As(perr, &dup) {
		return resp, a.fail(troubled(fmt.Sprintf("response has the key %q twice", dup.Key), perr), line, raw), true
	}
	var verr error
	if perr != nil {
		verr = Validate(schema, raw)
	} else {
		verr = ValidateValue(schema, doc)
	}
	if verr != nil {
		return resp, a.fail(troubled("response "+verr.Error(), verr), line, raw), true
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // a written context's numbers keep their literal, as the contract reads them
	if err := dec.Decode(&resp); err != nil {
		return resp, a.fail(troubled("response is not readable: "+err.Error(), err), line, raw), true
	}
	if resp.Seq != seq {
		return resp, a.fail(troubled(fmt.Sprintf("response has seq %d, want %d", resp.Seq, seq), nil), line, raw), true
	}
	if resp.Error != "" {
		// The implementation reported this one request as failed; the process stays.
		a.consecutive = 0
		return resp, &CheckError{Command: a.Command, Problem: "reported an error: " + capped(resp.Error, keepError),
			Request: capped(string(line), keepOutput), Output: capped(string(raw), keepOutput), Stderr: a.proc.stderr.String()}, false
	}
	a.consecutive = 0
	return resp, nil, false
}

// Batch pipelines questions: every request is written while the answers are read in order,
// so the implementation never waits for conform nor conform for each answer in turn. A
// protocol failure fails that question and the rest of the batch (they went to a process
// that is then killed and restarted for the next request).
func (a *Client) Batch(ctx context.Context, qs []subject.Question) []subject.Reply {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]subject.Reply, len(qs))
	if err := a.ensure(ctx); err != nil {
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	lines := make([][]byte, len(qs))
	schemas := make([]string, len(qs))
	seqs := make([]int64, len(qs))
	for i, q := range qs {
		if q.Kind == "drive" && !a.database {
			q.Target.DSN = "" // the program's writers do not run on a database
		}
		req, schema := request(q)
		a.seq++
		req.Seq, seqs[i], schemas[i] = a.seq, a.seq, schema
		line, err := Marshal(req)
		if err != nil {
			out[i].Err = err
		}
		lines[i] = line
	}
	p := a.proc
	written := make(chan struct{})
	go func() {
		defer close(written)
		for _, l := range lines {
			if a.write(ctx, p, l).text != "" {
				return // the reader meets the same program: no answer, and it is killed
			}
		}
	}()
	for i := range qs {
		raw, problem := a.receive(ctx, p, a.Timeout)
		var resp Response
		var err error
		fatal := problem.text != ""
		if fatal {
			err = a.fail(problem, lines[i], raw)
		} else {
			resp, err, fatal = a.check(lines[i], raw, schemas[i], seqs[i])
		}
		if fatal {
			for j := i; j < len(qs); j++ {
				out[j].Err = err
			}
			break
		}
		out[i] = reply(qs[i], resp, err)
	}
	<-written // the process read everything, or fail killed it and the write failed
	return out
}

// request is the protocol request of a question and the schema of its answer.
func request(q subject.Question) (Request, string) {
	act := ActorFrom(q.Actor)
	switch q.Kind {
	case "present":
		return Request{Cmd: "present", Run: &q.Run, Actor: &act}, SchemaPresentResponse
	case "shell":
		runs, tid := q.Runs, q.TenantID
		if runs == nil {
			runs = []contract.Run{}
		}
		return Request{Cmd: "shell", Actor: &act, TenantID: &tid, Runs: &runs}, SchemaShellResponse
	case "drive":
		sc, tid, uid := q.Scenario, q.Target.TenantID, q.Target.UserID
		return Request{Cmd: "drive", Scenario: &sc, TenantID: &tid, UserID: &uid, DSN: q.Target.DSN}, SchemaDriveResponse
	}
	return Request{Cmd: "resolve", Run: &q.Run}, SchemaResolveResponse
}

// reply turns a validated response into the answer of its question.
func reply(q subject.Question, resp Response, err error) subject.Reply {
	if err != nil {
		return subject.Reply{Err: err}
	}
	if problem := outOfBounds(q, resp); problem != "" {
		// Within the line limit, but more than any answer of its kind can need: that check
		// fails, and nothing of it is kept to be copied into reports.
		return subject.Reply{Err: &CheckError{Problem: problem, Request: q.Kind, Output: "(not kept)"}}
	}
	switch q.Kind {
	case "present":
		return subject.Reply{Presented: subject.Presented{Status: resp.Status, ShellHTML: *resp.ShellHTML}}
	case "shell":
		page := subject.Page{Status: resp.Status, Runs: []subject.Listed{}}
		for _, l := range *resp.Runs {
			page.Runs = append(page.Runs, subject.Listed{RunID: l.RunID, ShellHTML: l.ShellHTML})
		}
		return subject.Reply{Page: page}
	case "drive":
		return subject.Reply{Writes: subject.Writes{Trace: *resp.Writes, Database: q.Target.DSN != ""}}
	}
	return subject.Reply{Resolution: *resp.Resolution}
}

// The bounds of what an answer may hold beyond its schema: a hint fragment, a label, a tenant
// shell's listing (each run at most as often as it was given).
const (
	MaxFragment = 256 << 10
	MaxLabel    = 4 << 10
)

// outOfBounds says what in an answer exceeds its bounds, "" when nothing does.
func outOfBounds(q subject.Question, resp Response) string {
	switch q.Kind {
	case "present":
		if n := len(*resp.ShellHTML); n > MaxFragment {
			return fmt.Sprintf("the fragment has %d bytes; a hint fragment is at most %d", n, MaxFragment)
		}
	case "shell":
		if n := len(*resp.Runs); n > len(q.Runs) {
			return fmt.Sprintf("the tenant shell lists %d runs of the %d it was given", n, len(q.Runs))
		}
		for _, l := range *resp.Runs {
			if n := len(l.ShellHTML); n > MaxFragment {
				return fmt.Sprintf("the fragment of run %d has %d bytes; a hint fragment is at most %d", l.RunID, n, MaxFragment)
			}
		}
	case "resolve":
		if n := len(resp.Resolution.Label); n > MaxLabel {
			return fmt.Sprintf("the label has %d bytes; operator copy is at most %d", n, MaxLabel)
		}
	}
	return ""
}

// WithRegistry is another client of the same program, started (on its first request) with reg
// in its start request. Close it when done.
func (a *Client) WithRegistry(reg *contract.Registry) subject.Implementation {
	w := registry.ToWire(reg)
	return &Client{Command: a.Command, Timeout: a.Timeout, Dir: a.Dir, Breaker: a.Breaker, Deadline: a.Deadline, Registry: &w}
}

// Name is the implementation's name from the handshake, or the command.
func (a *Client) Name() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.info.Name != "" {
		return a.info.Name
	}
	return a.Command
}

// Info is what the implementation said of itself at the handshake (zero before it).
func (a *Client) Info() Implementation {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.info
}

// Resolve asks the implementation to resolve a run.
func (a *Client) Resolve(ctx context.Context, run contract.Run) (contract.Resolution, error) {
	r := a.one(ctx, subject.Question{Kind: "resolve", Run: run})
	return r.Resolution, r.Err
}

// Present asks the implementation for the shell request of an actor.
func (a *Client) Present(ctx context.Context, run contract.Run, actor contract.Actor) (subject.Presented, error) {
	r := a.one(ctx, subject.Question{Kind: "present", Run: run, Actor: actor})
	return r.Presented, r.Err
}

// Shell asks the implementation for the tenant shell of an actor: the runs it lists out of
// every run given, with their fragments.
func (a *Client) Shell(ctx context.Context, actor contract.Actor, tenantID int64, runs []contract.Run) (subject.Page, error) {
	r := a.one(ctx, subject.Question{Kind: "shell", Actor: actor, TenantID: tenantID, Runs: runs})
	return r.Page, r.Err
}

// Drive asks the implementation to run a writer scenario with its own job code and answer
// what it persisted. The DSN goes only to a program whose start said its writers run on a
// database; its answer is then marked as written there.
func (a *Client) Drive(ctx context.Context, sc contract.WriterScenario, at subject.Target) (subject.Writes, error) {
	a.mu.Lock()
	err := a.ensure(ctx)
	database := a.database
	a.mu.Unlock()
	if err != nil {
		return subject.Writes{}, err
	}
	if !database {
		at.DSN = ""
	}
	at.Store = nil
	r := a.one(ctx, subject.Question{Kind: "drive", Scenario: sc, Target: at})
	return r.Writes, r.Err
}

func (a *Client) one(ctx context.Context, q subject.Question) subject.Reply {
	req, schema := request(q)
	resp, err := a.call(ctx, req, schema)
	return reply(q, resp, err)
}

// Close sends stop, waits briefly, and kills the process group whatever it does.
func (a *Client) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.proc
	if p == nil {
		return nil
	}
	a.proc = nil
	line, _ := Marshal(Request{Cmd: "stop"})
	_, _ = p.stdin.Write(line)
	_ = p.stdin.Close()
	select {
	case <-p.done:
		p.kill() // whatever the shell started and left behind
		return nil
	case <-time.After(2 * time.Second):
	}
	p.kill()
	return errors.New("the implementation did not stop within 2s of stop; it was killed")
}
