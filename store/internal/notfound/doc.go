// Package notfound holds the one error value every store returns for a run, tenant or user
// that does not exist. It lives apart from package store so that the stores can return it
// while package store opens them (store.ErrNotFound is this value), as io/fs and os share
// their errors.
//
// Its rule: it holds one value and nothing else.
package notfound
