package service

import (
	"context"
	"log/slog"
	"time"
)

// ProvideCleanup returns the function that stops the background services
// when the server shuts down.
func ProvideCleanup(tokenRefresh *TokenRefreshService) func() {
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()

		steps := []struct {
			name string
			fn   func() error
		}{
			{"TokenRefreshService", func() error {
				tokenRefresh.Stop()
				return nil
			}},
		}
		for _, step := range steps {
			if ctx.Err() != nil {
				slog.Warn("cleanup.timeout", "step", step.name)
				return
			}
			if err := step.fn(); err != nil {
				slog.Warn("cleanup.step_failed", "step", step.name, "error", err)
			}
		}
	}
}

// Server owns the background services of one process.
type Server struct {
	cleanup func()
}

// NewServer wires the services and starts them.
func NewServer(tokenRefresh *TokenRefreshService) *Server {
	tokenRefresh.Start()
	return &Server{cleanup: ProvideCleanup(tokenRefresh)}
}

// Run serves until the shutdown signal; the cleanup runs on the signal and
// again when Run returns.
func (s *Server) Run(shutdown <-chan struct{}) {
	defer s.cleanup()

	<-shutdown
	s.cleanup()
}
