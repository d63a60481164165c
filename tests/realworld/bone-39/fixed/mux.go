package bone

import (
	"net/http"
	"sync"
)

type Route struct {
	Path    string
	Handler http.Handler
}

type Mux struct {
	Routes   map[string][]*Route
	notFound http.Handler
}

var (
	muxStackMu sync.RWMutex
	muxStack   = make(map[*http.Request]*Mux)
)

func New() *Mux {
	return &Mux{Routes: make(map[string][]*Route), notFound: http.NotFoundHandler()}
}

func (m *Mux) parse(rw http.ResponseWriter, req *http.Request) bool {
	for _, r := range m.Routes[req.Method] {
		if r.Path == req.URL.Path {
			r.Handler.ServeHTTP(rw, req)
			return true
		}
	}
	return false
}

func (m *Mux) ServeHTTP(rw http.ResponseWriter, req *http.Request) {
	muxStackMu.Lock()
	muxStack[req] = m
	muxStackMu.Unlock()
	if !m.parse(rw, req) {
		m.notFound.ServeHTTP(rw, req)
	}
	muxStackMu.Lock()
	delete(muxStack, req)
	muxStackMu.Unlock()
}

func GetMux(req *http.Request) *Mux {
	muxStackMu.RLock()
	defer muxStackMu.RUnlock()
	return muxStack[req]
}
