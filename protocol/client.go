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
	"github.com/conform-dev/conform/internal/procenv"
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
	// crash) before the client stops asking the adapter (default 10); 0 uses the default.
	Breaker int
	// Deadline, when set, ends every request after it: the whole run's time budget.
	Deadline time.Time
	// Registry, when set, travels in the start request: the families the program is held to.
	Registry *registry.Wire

	mu          sync.Mutex
	proc        *process
	seq         int64
	info        Identity
	database    bool  // its writers run on the database a drive request names
	consecutive int   // protocol failures in a row
	broken      error // set once the breaker or the deadline stopped the client
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

func (c *Client) spawn() (*process, error) {
	cmd := exec.Command("/bin/sh", "-c", c.Command)
	cmd.Env = procenv.ForChildren() // the user's environment, not what conform set for itself
	cmd.Dir = c.Dir
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
		return nil, fmt.Errorf("cannot start %q: %w", c.Command, startErr)
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
func (c *Client) Start(ctx context.Context) (Identity, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.ensure(ctx); err != nil {
		return Identity{}, err
	}
	return c.info, nil
}

// ensure starts the process and does the handshake when none is running.
func (c *Client) ensure(ctx context.Context) error {
	if err := c.usable(); err != nil {
		return err
	}
	if c.proc != nil {
		select {
		case <-c.proc.done:
			c.proc = nil
		default:
			return nil
		}
	}
	p, err := c.spawn()
	if err != nil {
		return err
	}
	c.proc = p
	req, _ := Marshal(Request{Cmd: "start", Version: Version, Registry: c.Registry})
	raw, problem := c.exchange(ctx, req, c.startWait())
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
		return c.fail(problem, req, raw)
	}
	var sr StartResponse
	_ = json.Unmarshal(raw, &sr)
	c.info = sr.Implementation
	// The program names itself: its words reach logs and summaries as data, one short line.
	for _, f := range []*string{&c.info.Name, &c.info.Language, &c.info.Version} {
		*f = safetext.Line(safetext.Cap(*f, 200))
	}
	c.database = sr.Writes == WritesDatabase
	return nil
}

// exchange writes one request and reads one line back, within the timeout.
func (c *Client) exchange(ctx context.Context, req []byte, wait time.Duration) ([]byte, trouble) {
	p := c.proc
	if problem := c.write(ctx, p, req); problem.text != "" {
		return nil, problem
	}
	return c.receive(ctx, p, wait)
}

// StartWait is the least the handshake may take: an interpreter or a framework starting on a
// busy machine takes longer than one answer should, and a slow start is not a wrong one.
const StartWait = 10 * time.Second

// startWait is how long the handshake may take: the timeout, and at least StartWait.
func (c *Client) startWait() time.Duration { return max(c.Timeout, StartWait) }

// write sends bytes to the program within the timeout; Ctrl-C ends the wait at once.
func (c *Client) write(ctx context.Context, p *process, b []byte) trouble {
	_ = p.stdin.SetWriteDeadline(time.Now().Add(c.Timeout))
	stop := context.AfterFunc(ctx, func() { _ = p.stdin.SetWriteDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := p.stdin.Write(b); err != nil {
		switch {
		case ctx.Err() != nil:
			return troubled("interrupted", ctx.Err())
		case errors.Is(err, os.ErrDeadlineExceeded):
			return troubled(fmt.Sprintf("the process does not read its input (nothing read within %s)", c.Timeout), err)
		}
		how, _, exitErr := exit(p)
		return troubled("the process does not read its input ("+how+")", errors.Join(err, exitErr))
	}
	return trouble{}
}

// receive reads the next answer line of a process, within the timeout and the run's deadline.
func (c *Client) receive(ctx context.Context, p *process, wait time.Duration) ([]byte, trouble) {
	if !c.Deadline.IsZero() {
		if left := time.Until(c.Deadline); left < wait {
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
func (c *Client) fail(t trouble, req, out []byte) error {
	problem := t.text
	p := c.proc
	p.kill()
	c.proc = nil
	c.consecutive++
	if c.consecutive >= c.breaker() && c.broken == nil {
		c.broken = &StoppedError{Last: capped(problem, keepError), Err: errline.Wrap(ErrStopped, "implementation %q failed %d checks in a row on the protocol; conform stopped asking it (the last: %s)", c.Command, c.consecutive, capped(problem, keepError))}
	}
	return &CheckError{Command: c.Command, Problem: capped(problem, keepError), Request: capped(string(req), keepOutput),
		Output: capped(string(out), keepOutput), Stderr: p.stderrTail(), Err: t.err}
}

func (c *Client) breaker() int {
	if c.Breaker > 0 {
		return c.Breaker
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

// Broken is why the client stopped asking the adapter (its breaker or the run's deadline),
// or nil.
func (c *Client) Broken() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.broken
}

// usable refuses a request once the client is broken or the run's deadline passed.
func (c *Client) usable() error {
	if c.broken == nil && !c.Deadline.IsZero() && time.Now().After(c.Deadline) {
		c.broken = errline.Wrap(ErrStopped, "the run's deadline passed; conform stopped asking %q", c.Command)
	}
	return c.broken
}

// call sends one request and returns its validated response.
func (c *Client) call(ctx context.Context, req Request, schema string) (Response, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.ensure(ctx); err != nil {
		return Response{}, err
	}
	c.seq++
	req.Seq = c.seq
	line, err := Marshal(req)
	if err != nil {
		return Response{}, err
	}
	raw, problem := c.exchange(ctx, line, c.Timeout)
	if problem.text != "" {
		return Response{}, c.fail(problem, line, raw)
	}
	resp, err, _ := c.check(line, raw, schema, req.Seq)
	return resp, err
}

// check validates one answer line. fatal is true when the process broke the protocol (it was
// killed and will be restarted); an answer that reports an error is not fatal.
func (c *Client) check(line, raw []byte, schema string, seq int64) (resp Response, err error, fatal bool) {
	// One parse serves the duplicate-key check and the schema; a line that is not JSON gets
	// the schema validator's own message.
	var dup *jsonvalue.DuplicateKeyError
	doc, perr := jsonvalue.ParseUnique(raw)
	if errors.As(perr, &dup) {
		return resp, c.fail(troubled(fmt.Sprintf("response has the key %q twice", dup.Key), perr), line, raw), true
	}
	var verr error
	if perr != nil {
		verr = Validate(schema, raw)
	} else {
		verr = ValidateValue(schema, doc)
	}
	if verr != nil {
		return resp, c.fail(troubled("response "+verr.Error(), verr), line, raw), true
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // a written context's numbers keep their literal, as the contract reads them
	if err := dec.Decode(&resp); err != nil {
		return resp, c.fail(troubled("response is not readable: "+err.Error(), err), line, raw), true
	}
	if resp.Seq != seq {
		return resp, c.fail(troubled(fmt.Sprintf("response has seq %d, want %d", resp.Seq, seq), nil), line, raw), true
	}
	if resp.Error != "" {
		// The implementation reported this one request as failed; the process stays.
		c.consecutive = 0
		return resp, &CheckError{Command: c.Command, Problem: "reported an error: " + capped(resp.Error, keepError),
			Request: capped(string(line), keepOutput), Output: capped(string(raw), keepOutput), Stderr: c.proc.stderr.String()}, false
	}
	c.consecutive = 0
	return resp, nil, false
}

// Batch pipelines questions: every request is written while the answers are read in order,
// so the implementation never waits for conform nor conform for each answer in turn. A
// protocol failure fails that question and the rest of the batch (they went to a process
// that is then killed and restarted for the next request).
func (c *Client) Batch(ctx context.Context, qs []subject.Question) []subject.Reply {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]subject.Reply, len(qs))
	if err := c.ensure(ctx); err != nil {
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	lines := make([][]byte, len(qs))
	schemas := make([]string, len(qs))
	seqs := make([]int64, len(qs))
	for i, q := range qs {
		if q.Kind == subject.KindDrive && !c.database {
			q.Target.DSN = "" // the program's writers do not run on a database
		}
		req, schema := request(q)
		c.seq++
		req.Seq, seqs[i], schemas[i] = c.seq, c.seq, schema
		line, err := Marshal(req)
		if err != nil {
			out[i].Err = err
		}
		lines[i] = line
	}
	p := c.proc
	written := make(chan struct{})
	go func() {
		defer close(written)
		for _, l := range lines {
			if c.write(ctx, p, l).text != "" {
				return // the reader meets the same program: no answer, and it is killed
			}
		}
	}()
	for i := range qs {
		raw, problem := c.receive(ctx, p, c.Timeout)
		var resp Response
		var err error
		fatal := problem.text != ""
		if fatal {
			err = c.fail(problem, lines[i], raw)
		} else {
			resp, err, fatal = c.check(lines[i], raw, schemas[i], seqs[i])
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
	r := Request{Cmd: string(q.Kind)}
	switch q.Kind {
	case subject.KindPresent:
		r.Run, r.Actor = &q.Run, &act
		return r, SchemaPresentResponse
	case subject.KindShell:
		runs, tid := q.Runs, q.TenantID
		if runs == nil {
			runs = []contract.Run{}
		}
		r.Actor, r.TenantID, r.Runs = &act, &tid, &runs
		return r, SchemaShellResponse
	case subject.KindDrive:
		sc, tid, uid := q.Scenario, q.Target.TenantID, q.Target.UserID
		r.Scenario, r.TenantID, r.UserID, r.DSN = &sc, &tid, &uid, q.Target.DSN
		return r, SchemaDriveResponse
	}
	r.Cmd, r.Run = string(subject.KindResolve), &q.Run
	return r, SchemaResolveResponse
}

// question is the question a (schema-valid) request asks: request's inverse, for Serve.
func question(req Request) subject.Question {
	q := subject.Question{Kind: subject.Kind(req.Cmd)}
	if req.Run != nil {
		q.Run = *req.Run
	}
	if req.Actor != nil {
		q.Actor = req.Actor.Contract()
	}
	if req.TenantID != nil {
		q.TenantID, q.Target.TenantID = *req.TenantID, *req.TenantID
	}
	if req.Runs != nil {
		q.Runs = *req.Runs
	}
	if req.Scenario != nil {
		q.Scenario = *req.Scenario
	}
	if req.UserID != nil {
		q.Target.UserID = *req.UserID
	}
	q.Target.DSN = req.DSN
	return q
}

// response is the response that answers a question with r: reply's inverse, for Serve.
func response(seq int64, q subject.Question, r subject.Reply) Response {
	if r.Err != nil {
		return Response{Seq: seq, Error: r.Err.Error()}
	}
	switch q.Kind {
	case subject.KindPresent:
		return Response{Seq: seq, Status: r.Presented.Status, ShellHTML: &r.Presented.ShellHTML}
	case subject.KindShell:
		listed := make([]ListedRun, 0, len(r.Page.Runs))
		for _, l := range r.Page.Runs {
			listed = append(listed, ListedRun{RunID: l.RunID, ShellHTML: l.ShellHTML})
		}
		return Response{Seq: seq, Status: r.Page.Status, Runs: &listed}
	case subject.KindDrive:
		writes := []contract.Run(r.Writes.Trace)
		if writes == nil {
			writes = []contract.Run{}
		}
		return Response{Seq: seq, Writes: &writes}
	}
	return Response{Seq: seq, Resolution: &r.Resolution}
}

// reply turns a validated response into the answer of its question.
func reply(q subject.Question, resp Response, err error) subject.Reply {
	if err != nil {
		return subject.Reply{Err: err}
	}
	if problem := outOfBounds(q, resp); problem != "" {
		// Within the line limit, but more than any answer of its kind can need: that check
		// fails, and nothing of it is kept to be copied into reports.
		return subject.Reply{Err: &CheckError{Problem: problem, Request: string(q.Kind), Output: "(not kept)"}}
	}
	switch q.Kind {
	case subject.KindPresent:
		return subject.Reply{Presented: subject.Presented{Status: resp.Status, ShellHTML: *resp.ShellHTML}}
	case subject.KindShell:
		page := subject.Page{Status: resp.Status, Runs: []subject.Listed{}}
		for _, l := range *resp.Runs {
			page.Runs = append(page.Runs, subject.Listed{RunID: l.RunID, ShellHTML: l.ShellHTML})
		}
		return subject.Reply{Page: page}
	case subject.KindDrive:
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
	case subject.KindPresent:
		if n := len(*resp.ShellHTML); n > MaxFragment {
			return fmt.Sprintf("the fragment has %d bytes; a hint fragment is at most %d", n, MaxFragment)
		}
	case subject.KindShell:
		if n := len(*resp.Runs); n > len(q.Runs) {
			return fmt.Sprintf("the tenant shell lists %d runs of the %d it was given", n, len(q.Runs))
		}
		for _, l := range *resp.Runs {
			if n := len(l.ShellHTML); n > MaxFragment {
				return fmt.Sprintf("the fragment of run %d has %d bytes; a hint fragment is at most %d", l.RunID, n, MaxFragment)
			}
		}
	case subject.KindResolve:
		if n := len(resp.Resolution.Label); n > MaxLabel {
			return fmt.Sprintf("the label has %d bytes; operator copy is at most %d", n, MaxLabel)
		}
	}
	return ""
}

// WithRegistry is another client of the same program, started (on its first request) with reg
// in its start request. Close it when done.
func (c *Client) WithRegistry(reg *contract.Registry) subject.Implementation {
	w := registry.ToWire(reg)
	return &Client{Command: c.Command, Timeout: c.Timeout, Dir: c.Dir, Breaker: c.Breaker, Deadline: c.Deadline, Registry: &w}
}

// Name is the implementation's name from the handshake, or the command.
func (c *Client) Name() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.info.Name != "" {
		return c.info.Name
	}
	return c.Command
}

// Info is what the implementation said of itself at the handshake (zero before it).
func (c *Client) Info() Identity {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.info
}

// Resolve asks the implementation to resolve a run.
func (c *Client) Resolve(ctx context.Context, run contract.Run) (contract.Resolution, error) {
	r := c.one(ctx, subject.Question{Kind: subject.KindResolve, Run: run})
	return r.Resolution, r.Err
}

// Present asks the implementation for the shell request of an actor.
func (c *Client) Present(ctx context.Context, run contract.Run, actor contract.Actor) (subject.Presented, error) {
	r := c.one(ctx, subject.Question{Kind: subject.KindPresent, Run: run, Actor: actor})
	return r.Presented, r.Err
}

// Shell asks the implementation for the tenant shell of an actor: the runs it lists out of
// every run given, with their fragments.
func (c *Client) Shell(ctx context.Context, actor contract.Actor, tenantID int64, runs []contract.Run) (subject.Page, error) {
	r := c.one(ctx, subject.Question{Kind: subject.KindShell, Actor: actor, TenantID: tenantID, Runs: runs})
	return r.Page, r.Err
}

// Drive asks the implementation to run a writer scenario with its own job code and answer
// what it persisted. The DSN goes only to a program whose start said its writers run on a
// database; its answer is then marked as written there.
func (c *Client) Drive(ctx context.Context, sc contract.WriterScenario, at subject.Target) (subject.Writes, error) {
	c.mu.Lock()
	err := c.ensure(ctx)
	database := c.database
	c.mu.Unlock()
	if err != nil {
		return subject.Writes{}, err
	}
	if !database {
		at.DSN = ""
	}
	at.Store = nil
	r := c.one(ctx, subject.Question{Kind: subject.KindDrive, Scenario: sc, Target: at})
	return r.Writes, r.Err
}

func (c *Client) one(ctx context.Context, q subject.Question) subject.Reply {
	req, schema := request(q)
	resp, err := c.call(ctx, req, schema)
	return reply(q, resp, err)
}

// Close sends stop, waits briefly, and kills the process group whatever it does.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.proc
	if p == nil {
		return nil
	}
	c.proc = nil
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
