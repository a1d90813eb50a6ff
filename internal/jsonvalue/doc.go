// Package jsonvalue parses JSON into exactly what encoding/json produces when it decodes into
// an interface{} with UseNumber (map[string]any, []any, string, bool, nil, json.Number), in
// one pass instead of encoding/json's two. conform audit parses two JSON columns per row over
// millions of rows; this parser is what keeps it within twice the time of a plain COPY. A
// differential property test and a fuzz target hold it to encoding/json's answers.
//
// Its rule: its output equals encoding/json's, and a key twice in one object is an error (both
// property-tested).
package jsonvalue
