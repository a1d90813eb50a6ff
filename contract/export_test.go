package contract

// ResolveJSON decodes a run and resolves it: what the tests of JSON input check in one call.
func ResolveJSON(data []byte) (Resolution, error) {
	run, err := DecodeRun(data)
	if err != nil {
		return Resolution{}, err
	}
	return Resolve(run), nil
}
