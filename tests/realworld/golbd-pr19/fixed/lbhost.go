package lbhost

import "sync"

type LBHost struct {
	sync.Mutex
	Host_name     string
	Load          int
	Node_response bool
}

func (h *LBHost) Snmp_req() {
	h.Lock()
	defer h.Unlock()
	h.Load = len(h.Host_name)
	h.Node_response = true
}
