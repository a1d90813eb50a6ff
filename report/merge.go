package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/record"
)

// ShardFile is the cucumber JSON of one shard of a split run (conform run --shard I/N), and the
// file it was read from, for errors.
type ShardFile struct {
	Name string
	Data []byte
}

// Merged is what MergeShards makes of the shards of one run.
type Merged struct {
	// Cucumber is the run as one cucumber JSON: every scenario once, as the shard that ran it
	// saw it (a vector or sweep scenario every shard ran: failed when one shard's share
	// failed, with the problems of every shard).
	Cucumber []byte
	// Info is what the shards said of themselves, as one run: Shards is N; nil when no shard
	// carried it (none of their scenarios ran).
	Info *record.RunInfo
}

// MergeShards merges the shards of one run into the run they split. It refuses files that
// are not shards of one run: different scenarios, different N or sweep seeds, a shard twice
// or one missing. Errors name the files.
func MergeShards(shards []ShardFile) (Merged, error) {
	type element struct {
		raw    map[string]any
		rank   int
		source string
	}
	type feature struct {
		raw      map[string]any
		keys     []string
		elements map[string]*element
	}
	var order []string
	feats := map[string]*feature{}
	var first map[string]bool // scenario keys of the first shard
	records := map[string]record.RunInfo{}
	for n, sh := range shards {
		if _, err := ParseCucumber(sh.Data); err != nil {
			return Merged{}, fmt.Errorf("%s: %w", sh.Name, err)
		}
		var fs []map[string]any
		dec := json.NewDecoder(bytes.NewReader(sh.Data))
		dec.UseNumber()
		if err := dec.Decode(&fs); err != nil {
			return Merged{}, fmt.Errorf("%s: not a cucumber JSON report: %w", sh.Name, err)
		}
		seen := map[string]bool{}
		for _, f := range fs {
			uri, _ := f["uri"].(string)
			ft := feats[uri]
			if ft == nil {
				if n > 0 {
					return Merged{}, fmt.Errorf("%s and %s are not shards of one run: %s ran %s, %s did not", shards[0].Name, sh.Name, sh.Name, uri, shards[0].Name)
				}
				ft = &feature{raw: f, elements: map[string]*element{}}
				feats[uri] = ft
				order = append(order, uri)
			}
			els, _ := f["elements"].([]any)
			for _, e := range els {
				el, ok := e.(map[string]any)
				if !ok || el["type"] == "background" {
					continue
				}
				key := uri + "\x00" + str(el["id"]) + "\x00" + str(el["line"]) + "\x00" + str(el["name"])
				seen[key] = true
				if rec, ok := runInfo(el); ok {
					if prev, dup := records[sh.Name]; dup && prev.Shard != rec.Shard {
						return Merged{}, fmt.Errorf("%s: its scenarios say they are of different shards (%s and %s)", sh.Name, prev.Shard, rec.Shard)
					}
					records[sh.Name] = rec
				}
				stripRunInfo(el)
				next := &element{raw: el, rank: rank(el), source: sh.Name}
				cur := ft.elements[key]
				switch {
				case cur == nil && n > 0:
					return Merged{}, fmt.Errorf("%s and %s are not shards of one run: %s has the scenario %q (%s:%s), %s does not", shards[0].Name, sh.Name, sh.Name, str(el["name"]), uri, str(el["line"]), shards[0].Name)
				case cur == nil:
					ft.keys = append(ft.keys, key)
					ft.elements[key] = next
				case next.rank > cur.rank:
					// The verdicts of every shard's share stay; the problems of a failed one too.
					addEmbeddings(next.raw, cur.raw, cur.rank == rankFailed)
					ft.elements[key] = next
				default:
					addEmbeddings(cur.raw, next.raw, next.rank == rankFailed && cur.rank == rankFailed)
				}
			}
		}
		if n == 0 {
			first = seen
			continue
		}
		for key := range first {
			if !seen[key] {
				parts := strings.Split(key, "\x00")
				return Merged{}, fmt.Errorf("%s and %s are not shards of one run: %s has the scenario %q (%s:%s), %s does not", shards[0].Name, sh.Name, shards[0].Name, parts[3], parts[0], parts[2], sh.Name)
			}
		}
	}
	rec, err := checkRecords(shards, records)
	if err != nil {
		return Merged{}, err
	}
	if rec != nil && len(order) > 0 {
		if ft := feats[order[0]]; len(ft.keys) > 0 {
			addRunInfo(ft.elements[ft.keys[0]].raw, *rec)
		}
	}
	out := make([]map[string]any, 0, len(order))
	for _, uri := range order {
		ft := feats[uri]
		els := make([]any, 0, len(ft.keys))
		for _, k := range ft.keys {
			els = append(els, ft.elements[k].raw)
		}
		ft.raw["elements"] = els
		out = append(out, ft.raw)
	}
	data, err := json.MarshalIndent(out, "", "    ")
	if err != nil {
		return Merged{}, err
	}
	return Merged{Cucumber: data, Info: rec}, nil
}

// checkRecords checks that the shards' records make one whole run: the same N, sweep,
// implementation and registry, each shard once, none missing. Without any record (no scenario
// ran anywhere) there is nothing to check; with some, every file must carry one.
func checkRecords(shards []ShardFile, records map[string]record.RunInfo) (*record.RunInfo, error) {
	if len(records) == 0 {
		return nil, nil
	}
	byIndex := map[int]string{}
	var want record.RunInfo
	n := 0
	for i, sh := range shards {
		rec, ok := records[sh.Name]
		if !ok || rec.Shard == "" {
			return nil, fmt.Errorf("%s: not a shard of a split run (conform run --shard I/N), or no scenario of it ran", sh.Name)
		}
		a, b, _ := strings.Cut(rec.Shard, "/")
		ia, err1 := strconv.Atoi(a)
		nb, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || ia < 1 || ia > nb {
			return nil, fmt.Errorf("%s: its shard record says %q, not I/N", sh.Name, rec.Shard)
		}
		if i == 0 {
			want, n = rec, nb
		}
		switch {
		case nb != n:
			return nil, fmt.Errorf("%s is one of %d shards, %s one of %d: not shards of one run", shards[0].Name, n, sh.Name, nb)
		case rec.Seed != want.Seed || rec.Cases != want.Cases:
			return nil, fmt.Errorf("%s swept %d cases of seed %d, %s %d of seed %d: not shards of one run (give every shard the same --seed and --sweep)", shards[0].Name, want.Cases, want.Seed, sh.Name, rec.Cases, rec.Seed)
		case rec.Implementation != want.Implementation:
			return nil, fmt.Errorf("%s checked %s, %s %s: not shards of one run", shards[0].Name, want.Implementation.Name, sh.Name, rec.Implementation.Name)
		case rec.Registry != want.Registry:
			return nil, fmt.Errorf("%s and %s were held to different registries (%s, %s): not shards of one run", shards[0].Name, sh.Name, want.Registry, rec.Registry)
		}
		if other, dup := byIndex[ia]; dup {
			return nil, fmt.Errorf("%s and %s are both shard %d of %d", other, sh.Name, ia, n)
		}
		byIndex[ia] = sh.Name
	}
	var missing []string
	for i := 1; i <= n; i++ {
		if _, ok := byIndex[i]; !ok {
			missing = append(missing, strconv.Itoa(i))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("shard %s of %d missing: a merged run needs every shard", strings.Join(missing, ", "), n)
	}
	want.Shard, want.Shards = "", n
	return &want, nil
}

const (
	rankSkipped = iota
	rankPassed
	rankFailed
)

// rank orders what a scenario came to in one shard: failed over passed over skipped (a
// scenario left to another shard is skipped in this one).
func rank(el map[string]any) int {
	r := rankSkipped
	for _, st := range list(el["steps"]) {
		res, _ := st["result"].(map[string]any)
		switch str(res["status"]) {
		case "passed":
			r = max(r, rankPassed)
		case "skipped", "":
		default:
			return rankFailed
		}
	}
	return r
}

// addEmbeddings adds the check verdicts of from's steps to the same steps of to, and with
// failed its other attachments and error message too (both failed copies of a scenario every
// shard ran), each once.
func addEmbeddings(to, from map[string]any, failed bool) {
	ts, fs := list(to["steps"]), list(from["steps"])
	for i := range min(len(ts), len(fs)) {
		have := map[string]bool{}
		cur, _ := ts[i]["embeddings"].([]any)
		for _, e := range cur {
			if m, ok := e.(map[string]any); ok {
				have[str(m["data"])] = true
			}
		}
		if failed {
			tr, _ := ts[i]["result"].(map[string]any)
			fr, _ := fs[i]["result"].(map[string]any)
			if a, b := str(tr["error_message"]), str(fr["error_message"]); tr != nil && b != "" && a != b {
				tr["error_message"] = strings.TrimSpace(a + "\n" + b)
			}
		}
		more, _ := fs[i]["embeddings"].([]any)
		for _, e := range more {
			m, ok := e.(map[string]any)
			if ok && !have[str(m["data"])] && (failed || str(m["name"]) == finding.AttachChecks) {
				cur = append(cur, e)
				have[str(m["data"])] = true
			}
		}
		if len(cur) > 0 {
			ts[i]["embeddings"] = cur
		}
	}
}

// runInfo reads the RunInfo a scenario's steps carry.
func runInfo(el map[string]any) (record.RunInfo, bool) {
	for _, st := range list(el["steps"]) {
		embs, _ := st["embeddings"].([]any)
		for _, e := range embs {
			m, ok := e.(map[string]any)
			if !ok || str(m["name"]) != finding.AttachRunInfo {
				continue
			}
			body, err := base64.StdEncoding.DecodeString(str(m["data"]))
			if err != nil {
				body = []byte(str(m["data"]))
			}
			var rec record.RunInfo
			if json.Unmarshal(body, &rec) == nil {
				return rec, true
			}
		}
	}
	return record.RunInfo{}, false
}

// stripRunInfo removes the shards' RunInfo: the merged run carries its own (addRunInfo).
func stripRunInfo(el map[string]any) {
	for _, st := range list(el["steps"]) {
		embs, _ := st["embeddings"].([]any)
		kept := embs[:0]
		for _, e := range embs {
			if m, ok := e.(map[string]any); ok && str(m["name"]) == finding.AttachRunInfo {
				continue
			}
			kept = append(kept, e)
		}
		if len(kept) == 0 {
			delete(st, "embeddings")
		} else {
			st["embeddings"] = kept
		}
	}
}

// addRunInfo puts the merged run's RunInfo on the first step of el.
func addRunInfo(el map[string]any, info record.RunInfo) {
	sts := list(el["steps"])
	raw, err := json.Marshal(info)
	if len(sts) == 0 || err != nil {
		return
	}
	embs, _ := sts[0]["embeddings"].([]any)
	sts[0]["embeddings"] = append([]any{map[string]any{"name": finding.AttachRunInfo, "mime_type": "application/json",
		"data": base64.StdEncoding.EncodeToString(raw)}}, embs...)
}

func list(v any) []map[string]any {
	xs, _ := v.([]any)
	out := make([]map[string]any, 0, len(xs))
	for _, x := range xs {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}
