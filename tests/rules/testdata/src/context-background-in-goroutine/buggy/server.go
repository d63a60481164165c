package buggy

import "context"

type Server struct {
	audit func(context.Context, string)
}

// shape: a goroutine literal uses context.Background inside a function that has ctx
func (s *Server) Handle(ctx context.Context, req string) {
	go func() {
		s.audit(context.Background(), req) // want "context-background-in-goroutine: cancelling the caller's context .* does not stop it"
	}()
	<-ctx.Done()
}

// shape: context.TODO as the argument of a go statement
func (s *Server) Notify(ctx context.Context, msg string) {
	go s.audit(context.TODO(), msg) // want "context-background-in-goroutine: cancelling the caller's context .* does not stop it"
	s.audit(ctx, msg)
}
