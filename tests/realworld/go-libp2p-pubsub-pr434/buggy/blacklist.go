package pubsub

// Blacklist decides which peers pubsub refuses to talk to. It can be
// supplied by the application with WithBlacklist, which then keeps its own
// reference to it and may add peers at any time.
type Blacklist interface {
	Add(ID) bool
	Contains(ID) bool
}

// MapBlacklist is the default blacklist; only the event loop touches it.
type MapBlacklist map[ID]struct{}

func NewMapBlacklist() Blacklist {
	return MapBlacklist(make(map[ID]struct{}))
}

func (b MapBlacklist) Add(p ID) bool {
	b[p] = struct{}{}
	return true
}

func (b MapBlacklist) Contains(p ID) bool {
	_, ok := b[p]
	return ok
}
