package protocol

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/registry"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Version is the protocol version. Version 2 added the shell request: the tenant shell is
// listed by the implementation, not filtered by the harness. Version 3 is VersionNews.
const Version = 3

// VersionNews is what this version adds, for the line that refuses a program speaking
// another.
const VersionNews = "version 3 adds the registry's generic copy, summary_counts keys and readings to start, refuses a phase of \"\" (null, never empty), lets a composite's unknown counts be null, and adds the drive request for writers"

//go:embed schemas/*.json
var schemaFiles embed.FS

const schemaBase = "https://conform.dev/protocol/v3/"

// Schema names.
const (
	SchemaRequest         = "request.json"
	SchemaStartResponse   = "start-response.json"
	SchemaResolveResponse = "resolve-response.json"
	SchemaPresentResponse = "present-response.json"
	SchemaShellResponse   = "shell-response.json"
	SchemaDriveResponse   = "drive-response.json"
)

var (
	compileOnce sync.Once
	compiled    map[string]*jsonschema.Schema
	compileErr  error
)

func schemas() (map[string]*jsonschema.Schema, error) {
	compileOnce.Do(func() {
		c := jsonschema.NewCompiler()
		entries, _ := schemaFiles.ReadDir("schemas")
		for _, e := range entries {
			raw, _ := schemaFiles.ReadFile("schemas/" + e.Name())
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				compileErr = fmt.Errorf("schema %s: %w", e.Name(), err)
				return
			}
			if err := c.AddResource(schemaBase+e.Name(), doc); err != nil {
				compileErr = fmt.Errorf("schema %s: %w", e.Name(), err)
				return
			}
		}
		compiled = map[string]*jsonschema.Schema{}
		for _, e := range entries {
			s, err := c.Compile(schemaBase + e.Name())
			if err != nil {
				compileErr = fmt.Errorf("schema %s: %w", e.Name(), err)
				return
			}
			compiled[e.Name()] = s
		}
	})
	return compiled, compileErr
}

// Validate checks one message against a schema; the error is one line naming what is wrong.
func Validate(schema string, raw []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return ValidateValue(schema, doc)
}

// ValidateValue is Validate for a document already parsed (objects, arrays, strings, bools,
// nil and json.Number, as jsonvalue and jsonschema build them), so an answer is parsed once.
func ValidateValue(schema string, doc any) error {
	all, err := schemas()
	if err != nil {
		return err
	}
	s, ok := all[schema]
	if !ok {
		return fmt.Errorf("no schema %q", schema)
	}
	if err := s.Validate(doc); err != nil {
		return fmt.Errorf("does not match %s: %s", schema, oneLine(err))
	}
	return nil
}

var english = message.NewPrinter(language.English)

// oneLine flattens the validator's tree of causes into its leaves.
func oneLine(err error) string {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return errline.Flat(err)
	}
	var leaves []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			loc := "/" + strings.Join(e.InstanceLocation, "/")
			leaves = append(leaves, fmt.Sprintf("at %s: %s", loc, e.ErrorKind.LocalizedString(english)))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.Strings(leaves)
	if len(leaves) > 4 {
		leaves = append(leaves[:4], fmt.Sprintf("and %d more", len(leaves)-4))
	}
	return strings.Join(leaves, "; ")
}

// Membership is one tenant an actor belongs to.
type Membership struct {
	TenantID     int64    `json:"tenant_id"`
	Capabilities []string `json:"capabilities"`
}

// Actor is who asks to see a run, as the protocol carries it.
type Actor struct {
	UserID      int64        `json:"user_id"`
	Memberships []Membership `json:"memberships"`
}

// ActorFrom converts a contract actor, memberships in its order (duplicates kept).
func ActorFrom(a contract.Actor) Actor {
	out := Actor{UserID: a.UserID, Memberships: make([]Membership, 0, len(a.Memberships))}
	for _, m := range a.Memberships {
		c := append([]string{}, m.Capabilities...)
		out.Memberships = append(out.Memberships, Membership{TenantID: m.TenantID, Capabilities: c})
	}
	return out
}

// Contract converts back.
func (a Actor) Contract() contract.Actor {
	out := contract.Actor{UserID: a.UserID, Memberships: make([]contract.Membership, 0, len(a.Memberships))}
	for _, m := range a.Memberships {
		out.Memberships = append(out.Memberships, contract.Membership{TenantID: m.TenantID, Capabilities: append([]string{}, m.Capabilities...)})
	}
	return out
}

// Identity names an implementation in the start handshake.
type Identity struct {
	Name     string `json:"name"`
	Language string `json:"language"`
	Version  string `json:"version"`
}

// Request is one line to the implementation.
type Request struct {
	Cmd     string        `json:"cmd"`
	Version int           `json:"version,omitempty"`
	Seq     int64         `json:"seq,omitempty"`
	Run     *contract.Run `json:"run,omitempty"`
	Actor   *Actor        `json:"actor,omitempty"`
	// TenantID and Runs are the shell request's: the tenant whose shell is opened and every
	// run the application holds (of all tenants), in the order the shell would list them.
	TenantID *int64          `json:"tenant_id,omitempty"`
	Runs     *[]contract.Run `json:"runs,omitempty"`
	// Registry is the start request's: the families the implementation is held to, with the
	// digest of them. An implementation may use it or check the digest against its own.
	Registry *registry.Wire `json:"registry,omitempty"`
	// Scenario, UserID and DSN are the drive request's (with TenantID): the writer scenario to
	// run, for whom, and the scratch database to run it on (only to an implementation whose
	// start answered writes: database).
	Scenario *contract.WriterScenario `json:"scenario,omitempty"`
	UserID   *int64                   `json:"user_id,omitempty"`
	DSN      string                   `json:"dsn,omitempty"`
}

// The places an implementation's writers run, as its start response says.
const (
	WritesMemory   = "memory"
	WritesDatabase = "database"
)

// StartResponse answers start.
type StartResponse struct {
	Version        int      `json:"version"`
	Implementation Identity `json:"implementation"`
	// Writes is where the implementation's writers run: WritesMemory ("" too) or
	// WritesDatabase, the database a drive request names.
	Writes string `json:"writes,omitempty"`
}

// Response answers resolve, present or shell (or reports an error for that one request).
type Response struct {
	Seq        int64                `json:"seq"`
	Resolution *contract.Resolution `json:"resolution,omitempty"`
	Status     int                  `json:"status,omitempty"`
	ShellHTML  *string              `json:"shell_html,omitempty"`
	Runs       *[]ListedRun         `json:"runs,omitempty"`
	Writes     *[]contract.Run      `json:"writes,omitempty"`
	Error      string               `json:"error,omitempty"`
}

// ListedRun is one run a shell response lists.
type ListedRun struct {
	RunID     int64  `json:"run_id"`
	ShellHTML string `json:"shell_html"`
}

// Marshal writes a message as one line, HTML left unescaped for readability.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
