package fixed

import "context"

type Server struct {
	audit func(context.Context, string)
}

// shape: the goroutine gets the caller's ctx
func (s *Server) Handle(ctx context.Context, req string) {
	go func() {
		s.audit(ctx, req)
	}()
	<-ctx.Done()
}

// shape: ctx as the argument of the go statement
func (s *Server) Notify(ctx context.Context, msg string) {
	go s.audit(ctx, msg)
	s.audit(ctx, msg)
}
