// Package registry reads an application's registry file: its run families, what each may
// claim while active (phased with its phases, composite, counted, activity), its scope and
// why. The built-in spec 272 registry is such a file, embedded (spec272.yaml); an application
// holds conform to its own families with conform.yaml in the working directory or --registry.
//
// Decoding is strict, and every error names the file, the line and the field: an unknown key,
// a key given twice, an alias (a registry is small and plain), a family listed twice, and
// every rule of contract.CheckFamily (claims limited to the contract's own capabilities and
// payloads, the copy rules on every label).
//
// Its rule: it reads files strictly (file:line:field on every error); what a family may claim
// is decided by contract.CheckFamily, not here.
package registry
