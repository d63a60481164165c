package ok

import (
	"net"
	"sync"
)

var defaultRoutes = map[string]func(net.Conn){"echo": func(net.Conn) {}}

// Router serves connections with the routes its users set, or the defaults.
type Router struct {
	mu     sync.Mutex
	Routes map[string]func(net.Conn)
}

// shape: the routes map is made and filled only while it is still nil, once, before Serve starts any connection goroutine
func (r *Router) ensureRoutes() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Routes == nil {
		r.Routes = map[string]func(net.Conn){}
		for k, v := range defaultRoutes {
			r.Routes[k] = v
		}
	}
}

func (r *Router) Serve(l net.Listener) error {
	r.ensureRoutes()
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go r.handle(c)
	}
}

func (r *Router) handle(c net.Conn) {
	if h := r.Routes["echo"]; h != nil {
		h(c)
	}
}

// HandleConn serves one connection the caller accepted itself.
func (r *Router) HandleConn(c net.Conn) {
	r.ensureRoutes()
	r.handle(c)
}
