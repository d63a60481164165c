package main

import (
	"example.com/grimd-pr46/dns"
)

// DNSHandler answers queries, from the cache when it can.
type DNSHandler struct {
	cache    Cache
	resolver func(req *dns.Msg) (*dns.Msg, error)
}

// NewHandler returns a handler with an empty memory cache.
func NewHandler(resolve func(req *dns.Msg) (*dns.Msg, error)) *DNSHandler {
	return &DNSHandler{
		cache:    &MemoryCache{Backend: make(map[string]*Mesg), Maxcount: 1000},
		resolver: resolve,
	}
}

func (h *DNSHandler) do(w dns.ResponseWriter, req *dns.Msg) {
	if len(req.Question) == 0 {
		return
	}
	key := req.Question[0].Name

	if msg, blocked, err := h.cache.Get(key); err == nil && !blocked {
		w.WriteMsg(msg)
		return
	}

	resp, err := h.resolver(req)
	if err != nil {
		return
	}
	h.cache.Set(key, resp, false)
	w.WriteMsg(resp)
}

// DoUDP serves one UDP query in its own goroutine.
func (h *DNSHandler) DoUDP(w dns.ResponseWriter, req *dns.Msg) {
	go h.do(w, req)
}

// DoTCP serves one TCP query in its own goroutine.
func (h *DNSHandler) DoTCP(w dns.ResponseWriter, req *dns.Msg) {
	go h.do(w, req)
}
