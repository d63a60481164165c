package ok

import "context"

type Server struct {
	audit func(context.Context, string)
}

// shape: detached on purpose with WithoutCancel, keeping the values
func (s *Server) Handle(ctx context.Context, req string) {
	go s.audit(context.WithoutCancel(ctx), req)
}

// shape: no context was received: Background is the root
func (s *Server) Start(req string) {
	go s.audit(context.Background(), req)
}

// shape: Background outside the goroutine, for synchronous work
func (s *Server) Sync(ctx context.Context, req string) {
	s.audit(context.Background(), req)
	go s.audit(ctx, req)
}
