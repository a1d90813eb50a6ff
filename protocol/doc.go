// Package protocol is the line-delimited JSON protocol between conform and any implementation
// of the progress contract, small enough to implement in an afternoon (see
// docs/adapter-protocol.md). The harness writes one request per line to the implementation's
// stdin and reads one response per line from its stdout; every message has a JSON Schema
// (schemas/), and the harness validates all traffic against them.
//
// Both ends of the wire live here: Serve answers requests with an implementation in process
// (conform serve-reference, and the tests' fakes), and Client runs a program that speaks the
// protocol and offers it to the features as a subject.Implementation.
//
// Its rule: every message crosses the wire validated against its schema (schemas/), on both
// ends; the calling end bounds everything a program can do to conform (time, memory,
// processes).
package protocol
