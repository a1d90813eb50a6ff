package contract_test

import (
	"encoding/json"
	"fmt"

	"github.com/conform-dev/conform/contract"
)

func ExampleResolve() {
	run := contract.Run{ID: 42, TenantID: 7, Type: "baseline_capture", Status: "running", Outcome: "pending",
		SummaryCounts: map[string]any{"total": 12, "processed": 3}, // does not turn phased into counted
		Context:       map[string]any{"progress": map[string]any{"phase": map[string]any{"key": "fetching"}}}}
	out, _ := json.Marshal(contract.Resolve(run))
	fmt.Println(string(out))
	// Output:
	// {"run_id":42,"family":"baseline_capture","lifecycle":"running","active":true,"capability":"phased","label":"Capturing evidence","phase":"fetching","composite":null,"percent":null,"bar":false,"degraded":false}
}
