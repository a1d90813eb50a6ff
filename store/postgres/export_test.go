package postgres

import "context"

// What the tests outside the package observe of a server; conform itself never needs it.

// History lists every database the server ever created, dropped or not.
func (s *Server) History() []string { return s.madeEver() }

// Created lists the databases the server created and has not dropped yet.
func (s *Server) Created() []string { return s.made() }

// CloneNow clones the template now, bypassing the ready queue (for measuring).
func (s *Server) CloneNow(ctx context.Context) (string, error) {
	return s.createDatabase(ctx, DBScenario)
}
