package notfound

import "errors"

// Err is store.ErrNotFound.
var Err = errors.New("not found")
