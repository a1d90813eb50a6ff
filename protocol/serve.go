package protocol

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/conform-dev/conform/registry"
	"github.com/conform-dev/conform/subject"
)

// Serve answers requests read from r on w with an in-process implementation, until stop or
// the end of input. It is how `conform serve-reference` offers the reference contract as an
// adapter process. A request it cannot read is answered with an error for that seq (or
// reported on errw when no seq can be read) and serving goes on.
func Serve(ctx context.Context, r io.Reader, w io.Writer, errw io.Writer, im subject.Implementation, info Identity) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	out := bufio.NewWriter(w)
	write := func(v any) error {
		line, err := Marshal(v)
		if err != nil {
			return err
		}
		if _, err := out.Write(line); err != nil {
			return err
		}
		return out.Flush()
	}
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var req Request
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		decodeErr := dec.Decode(&req)
		if decodeErr == nil {
			decodeErr = Validate(SchemaRequest, line)
		}
		if decodeErr != nil {
			if req.Cmd == "start" {
				// A start that cannot be read is refused in its answer, which the harness waits for.
				if err := write(map[string]string{"error": "invalid start request: " + decodeErr.Error()}); err != nil {
					return err
				}
				continue
			}
			if req.Seq > 0 {
				if err := write(Response{Seq: req.Seq, Error: "invalid request: " + decodeErr.Error()}); err != nil {
					return err
				}
			} else {
				fmt.Fprintln(errw, "invalid request: "+decodeErr.Error())
			}
			continue
		}
		var err error
		switch req.Cmd {
		case "start":
			// The reference holds itself to the registry the harness names, when it names one.
			if ref, isRef := im.(subject.Reference); isRef && req.Registry != nil {
				reg, rerr := registry.FromWire(*req.Registry)
				if rerr != nil {
					fmt.Fprintln(errw, "the start request's registry: "+rerr.Error())
					if err := write(map[string]string{"error": "the start request's registry: " + rerr.Error()}); err != nil {
						return err
					}
					return rerr
				}
				ref.Registry = reg
				im = ref
			}
			err = write(StartResponse{Version: Version, Implementation: info})
		case "stop":
			return nil
		default: // a question: the schema admitted only the kinds there are
			q := question(req)
			err = write(response(req.Seq, q, subject.Ask(ctx, im, q)))
		}
		if err != nil {
			return err
		}
	}
	return sc.Err()
}
