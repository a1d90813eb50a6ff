package protocol

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/jsonvalue"
	"github.com/conform-dev/conform/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const scenarioJSON = `{"id":"writers/capture/standard","family":"baseline_capture","path":"standard","evidence":null,"resume":false,"stop":null,"outcome":"","operations":null}`

func TestValidate(t *testing.T) {
	tests := []struct {
		schema, msg string
		bad         string // substring of the error; "" = valid
	}{
		{SchemaRequest, `{"cmd":"start","version":3}`, ""},
		{SchemaRequest, `{"cmd":"stop"}`, ""},
		{SchemaRequest, `{"cmd":"start","version":1}`, "does not match"},
		{SchemaRequest, `{"cmd":"shell","seq":5,"tenant_id":7,"actor":{"user_id":1,"memberships":[]},"runs":[]}`, ""},
		{SchemaRequest, `{"cmd":"shell","seq":5,"tenant_id":7,"actor":{"user_id":1,"memberships":[]}}`, "does not match"},
		{SchemaShellResponse, `{"seq":5,"status":200,"runs":[{"run_id":1,"shell_html":"<p>x</p>"}]}`, ""},
		{SchemaShellResponse, `{"seq":5,"status":403,"runs":[]}`, "does not match"},
		{SchemaShellResponse, `{"seq":5,"status":200}`, "does not match"},
		{SchemaRequest, `{"cmd":"resolve","seq":1,"run":{"id":1,"tenant_id":1,"type":"t","status":"s","outcome":"o","summary_counts":[],"context":null}}`, ""},
		{SchemaRequest, `{"cmd":"resolve","seq":0,"run":{}}`, "does not match"},
		{SchemaStartResponse, `{"version":3,"implementation":{"name":"x","language":"go","version":"1"}}`, ""},
		{SchemaStartResponse, `{"version":3,"implementation":{"name":"","language":"go","version":"1"}}`, "does not match"},
		{SchemaResolveResponse, `{"seq":3,"error":"boom"}`, ""},
		{SchemaResolveResponse, `{"seq":3,"resolution":{"run_id":1,"family":"f","lifecycle":"running","active":true,"capability":"counted","label":"l","phase":null,"composite":null,"percent":101,"bar":true,"degraded":false}}`, "does not match"},
		{SchemaResolveResponse, `{"seq":3,"resolution":{"run_id":1,"family":"f","lifecycle":"running","active":true,"capability":"phased","label":"l","phase":"fetching","composite":null,"percent":null,"bar":false,"degraded":false,"extra":1}}`, "does not match"},
		{SchemaPresentResponse, `{"seq":4,"status":200,"shell_html":"<p>x</p>"}`, ""},
		{SchemaPresentResponse, `{"seq":4,"status":500,"shell_html":""}`, "does not match"},
		{SchemaPresentResponse, `not json`, "not JSON"},
		{SchemaRequest, `{"cmd":"drive","seq":6,"scenario":` + scenarioJSON + `,"tenant_id":1,"user_id":2}`, ""},
		{SchemaRequest, `{"cmd":"drive","seq":6,"scenario":` + scenarioJSON + `,"tenant_id":1,"user_id":2,"dsn":"postgres://u@h/db"}`, ""},
		{SchemaRequest, `{"cmd":"drive","seq":6,"scenario":` + strings.Replace(scenarioJSON, `"standard"`, `"quick"`, 1) + `,"tenant_id":1,"user_id":2}`, "does not match"},
		{SchemaRequest, `{"cmd":"drive","seq":6,"scenario":` + scenarioJSON + `,"tenant_id":1}`, "does not match"},
		{SchemaDriveResponse, `{"seq":6,"writes":[]}`, ""},
		{SchemaDriveResponse, `{"seq":6,"writes":[{"id":1,"tenant_id":1,"type":"t","status":"queued","outcome":"pending","summary_counts":[],"context":{}}]}`, ""},
		{SchemaDriveResponse, `{"seq":6,"writes":[{"id":"1","tenant_id":1,"type":"t","status":"queued","outcome":"pending","summary_counts":[],"context":{}}]}`, "does not match"},
		{SchemaDriveResponse, `{"seq":6}`, "does not match"},
		{SchemaDriveResponse, `{"seq":6,"writes":[` + strings.Repeat(`{"id":1,"tenant_id":1,"type":"t","status":"q","outcome":"p","summary_counts":[],"context":{}},`, 1000) + `{"id":1,"tenant_id":1,"type":"t","status":"q","outcome":"p","summary_counts":[],"context":{}}]}`, "does not match"},
		{SchemaStartResponse, `{"version":3,"implementation":{"name":"x","language":"go","version":"1"},"writes":"database"}`, ""},
		{SchemaStartResponse, `{"version":3,"implementation":{"name":"x","language":"go","version":"1"},"writes":"disk"}`, "does not match"},
	}
	for _, tt := range tests {
		err := Validate(tt.schema, []byte(tt.msg))
		// The adapter validates the document its duplicate-key parse built: same verdict.
		if doc, perr := jsonvalue.ParseUnique([]byte(tt.msg)); perr == nil {
			assert.Equal(t, fmt.Sprint(err), fmt.Sprint(ValidateValue(tt.schema, doc)), tt.msg)
		}
		if tt.bad == "" {
			assert.NoError(t, err, tt.msg)
		} else {
			assert.ErrorContains(t, err, tt.bad, tt.msg)
			if err != nil {
				assert.NotContains(t, err.Error(), "\n", "one line")
			}
		}
	}
	assert.ErrorContains(t, Validate("nope.json", []byte(`{}`)), `no schema "nope.json"`)
}

// TestServeAnswersEveryRequestValidly: what the reference serves passes the harness's own
// schemas, and a bad request fails only itself.
func TestServeAnswersEveryRequestValidly(t *testing.T) {
	in := strings.Join([]string{
		`{"cmd":"start","version":3}`,
		`{"cmd":"resolve","seq":1,"run":{"id":1,"tenant_id":7,"type":"baseline_capture","status":"running","outcome":"pending","summary_counts":[],"context":{"progress":{"phase":{"key":"fetching"}}}}}`,
		`{"cmd":"resolve","seq":2,"run":{"id":"x"}}`,
		`garbage`,
		`{"cmd":"present","seq":3,"run":{"id":1,"tenant_id":7,"type":"baseline_capture","status":"running","outcome":"pending","summary_counts":[],"context":[]},"actor":{"user_id":1,"memberships":[{"tenant_id":7,"capabilities":["operations.view"]}]}}`,
		`{"cmd":"shell","seq":4,"tenant_id":7,"actor":{"user_id":1,"memberships":[{"tenant_id":7,"capabilities":["operations.view"]}]},"runs":[{"id":1,"tenant_id":7,"type":"baseline_capture","status":"running","outcome":"","summary_counts":[],"context":[]},{"id":2,"tenant_id":8,"type":"baseline_capture","status":"running","outcome":"","summary_counts":[],"context":[]}]}`,
		`{"cmd":"drive","seq":5,"scenario":` + scenarioJSON + `,"tenant_id":7,"user_id":3}`,
		`{"cmd":"stop"}`,
		`{"cmd":"resolve","seq":6,"run":{}}`,
	}, "\n")
	var out, errb bytes.Buffer
	require.NoError(t, Serve(context.Background(), strings.NewReader(in), &out, &errb, subject.Reference{}, Identity{Name: "ref", Language: "go", Version: "1"}))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 6, "answers up to stop, nothing after")
	require.NoError(t, Validate(SchemaStartResponse, []byte(lines[0])))
	require.NoError(t, Validate(SchemaResolveResponse, []byte(lines[1])))
	assert.Contains(t, lines[1], `"label":"Capturing evidence"`)
	assert.Contains(t, lines[2], `"seq":2,"error":"invalid request`)
	require.NoError(t, Validate(SchemaPresentResponse, []byte(lines[3])))
	assert.Contains(t, lines[3], `"status":200`)
	require.NoError(t, Validate(SchemaShellResponse, []byte(lines[4])))
	assert.Contains(t, lines[4], `"runs":[{"run_id":1,`, "only the tenant's run is listed")
	assert.NotContains(t, lines[4], `"run_id":2`)
	require.NoError(t, Validate(SchemaDriveResponse, []byte(lines[5])))
	var drive Response
	require.NoError(t, json.Unmarshal([]byte(lines[5]), &drive))
	require.NotNil(t, drive.Writes)
	assert.Len(t, *drive.Writes, 7, "queued, running, four phases, completed")
	assert.Equal(t, int64(7), (*drive.Writes)[0].TenantID)
	assert.Contains(t, errb.String(), "invalid request")
}

func TestActorRoundTrip(t *testing.T) {
	a := contract.Actor{UserID: 3}.Grant(9, "operations.view").Grant(2).Grant(9)
	p := ActorFrom(a)
	require.Len(t, p.Memberships, 3, "every row, duplicates included, in order")
	assert.Equal(t, int64(2), p.Memberships[1].TenantID)
	assert.Equal(t, []string{}, p.Memberships[1].Capabilities, "never null")
	raw, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"user_id":3,"memberships":[{"tenant_id":9,"capabilities":["operations.view"]},{"tenant_id":2,"capabilities":[]},{"tenant_id":9,"capabilities":[]}]}`, string(raw))
	assert.Equal(t, a, p.Contract())
}

// TestEverySchemaIsOfTheVersionSpoken: each schema's $id is the address the compiler files it
// under, whose path names the protocol version the code speaks (an adapter author reading a
// schema reads which version it describes).
func TestEverySchemaIsOfTheVersionSpoken(t *testing.T) {
	assert.Equal(t, fmt.Sprintf("https://conform.dev/protocol/v%d/", Version), schemaBase)
	entries, err := schemaFiles.ReadDir("schemas")
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		raw, err := schemaFiles.ReadFile("schemas/" + e.Name())
		require.NoError(t, err)
		var doc struct {
			ID string `json:"$id"`
		}
		require.NoError(t, json.Unmarshal(raw, &doc), e.Name())
		assert.Equal(t, schemaBase+e.Name(), doc.ID, e.Name())
	}
}
