package buggy

import "sync"

// Listener re-subscribes its channels in the background after a reconnect.
type Listener struct {
	lock     sync.Mutex
	channels map[string]struct{}
}

// Listen adds a channel.
func (l *Listener) Listen(name string) {
	l.lock.Lock()
	defer l.lock.Unlock()
	l.channels[name] = struct{}{}
}

// Reconnect returns, and releases the lock, while the re-subscription still runs.
func (l *Listener) Reconnect() {
	l.lock.Lock()
	defer l.lock.Unlock()
	l.resync()
}

func (l *Listener) resync() {
	go func() {
		for name := range l.channels { // want "map-range-during-write: fatal error: concurrent map iteration and map write"
			_ = name
		}
	}()
}
