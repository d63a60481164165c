package ok

import "sync"

// shape: a getter that locks only when the lock is nil (never, once the model is made): the
// caller holding the lock does not take it again
type NetModel struct {
	rwMu   *sync.RWMutex
	groups map[string]string
}

func NewNetModel() *NetModel {
	return &NetModel{rwMu: &sync.RWMutex{}, groups: map[string]string{}}
}

func (n *NetModel) Group(id string) (string, bool) {
	if n.rwMu == nil {
		n.rwMu.RLock()
		defer n.rwMu.RUnlock()
	}
	g, ok := n.groups[id]
	return g, ok
}

func (n *NetModel) RenameGroup(id, name string) bool {
	n.rwMu.Lock()
	defer n.rwMu.Unlock()
	if _, ok := n.Group(id); !ok {
		return false
	}
	n.groups[id] = name
	return true
}
