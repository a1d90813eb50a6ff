// Package subject is what conform puts under test: the seam between the features and an
// implementation of the progress contract, the reference contract in process (Reference) or
// any other through the protocol (protocol.Client). Every scenario talks to an
// Implementation, so it runs unchanged against either.
//
// Its rule: it imports package contract, and the reference writers (jobs) with the store they
// write through; what is under test is always reached through Implementation, so a scenario
// never knows which implementation answers.
package subject
