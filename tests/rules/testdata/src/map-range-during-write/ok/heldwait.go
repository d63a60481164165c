package ok

import "sync"

// Listener re-subscribes its channels after every reconnect.
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

// Reconnect re-subscribes with the lock held throughout.
func (l *Listener) Reconnect() error {
	l.lock.Lock()
	defer l.lock.Unlock()
	return l.resync()
}

func (l *Listener) resync() error {
	done := make(chan error)
	go func() {
		// shape: ranged by a goroutine its spawner waits for, while the spawner's caller holds l.lock
		for name := range l.channels {
			_ = name
		}
		done <- nil
	}()
	return <-done
}
