package ok

import "net/http"

// RouteFunc answers one route's requests.
type RouteFunc func(w http.ResponseWriter, r *http.Request, params map[string]string)

type route struct {
	pattern string
	h       RouteFunc
}

// RouteMux dispatches requests to the routes registered before it serves.
type RouteMux struct {
	routes map[string][]route
}

func NewRouteMux() *RouteMux { return &RouteMux{routes: map[string][]route{}} }

// shape: an exported method stores a route that carries the caller's handler: set-up, made before the server runs
func (m *RouteMux) Handle(method, pattern string, h RouteFunc) {
	m.routes[method] = append(m.routes[method], route{pattern: pattern, h: h})
}

func (m *RouteMux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, rt := range m.routes[r.Method] {
		if rt.pattern == r.URL.Path {
			rt.h(w, r, nil)
			return
		}
	}
	http.NotFound(w, r)
}
