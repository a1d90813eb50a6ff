// Package steps holds the godog step definitions of the features. One World per scenario is
// carried in context.Context (never globals), so scenarios are safe under --concurrency. A
// step translates one sentence into one call and one assertion.
//
// Its rule: a step translates one sentence into one call and one assertion; what the contract
// decides is asked of the implementation under test or of package contract, never decided here.
package steps
