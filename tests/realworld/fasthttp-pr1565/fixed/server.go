package fasthttp

// RequestHandler serves one request.
type RequestHandler func(ctx *RequestCtx)

// RequestCtx is a reduced request/response pair.
type RequestCtx struct {
	Path            string
	AcceptEncoding  string
	ContentEncoding string
	StatusCode      int
	Body            []byte
}

// Server serves every request on its own worker goroutine, building the
// file handler of its FS lazily on the first request.
type Server struct {
	FS *FS
}

// Serve handles requests until reqs is closed.
func (s *Server) Serve(reqs <-chan *RequestCtx) {
	for ctx := range reqs {
		go s.serveConn(ctx)
	}
}

func (s *Server) serveConn(ctx *RequestCtx) {
	handler := s.FS.NewRequestHandler()
	handler(ctx)
}
