package ok

import "sync"

// Feed tells its watchers about new items.
type Feed struct {
	mu       sync.Mutex
	items    []string
	watchers []func(string)
	onEvict  func(string)
}

func (f *Feed) Watch(fn func(string)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.watchers = append(f.watchers, fn)
}

func (f *Feed) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.items)
}

// shape: each watcher runs on a goroutine of its own, so it may lock the feed again
func (f *Feed) Push(item string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, item)
	for _, w := range f.watchers {
		go w(item)
	}
}

// Count reports the feed's length to out whenever an item arrives.
func Count(f *Feed, out chan<- int) {
	f.Watch(func(string) { out <- f.Len() })
}

// shape: the helper releases the mutex around the callbacks and takes it back afterwards
func (f *Feed) Publish(item string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, item)
	f.fire(item)
}

func (f *Feed) fire(item string) {
	ws := append([]func(string){}, f.watchers...)
	f.mu.Unlock()
	for _, w := range ws {
		w(item)
	}
	f.mu.Lock()
}

// NewFeed makes a feed that drops the oldest item past a limit.
func NewFeed() *Feed {
	f := &Feed{}
	f.onEvict = f.dropLocked
	return f
}

// dropLocked removes an item; it takes no lock of its own.
func (f *Feed) dropLocked(item string) {
	for i, it := range f.items {
		if it == item {
			f.items = append(f.items[:i], f.items[i+1:]...)
			return
		}
	}
}

// shape: the only function the package stores in the field takes no lock
func (f *Feed) Trim(limit int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.items) > limit {
		f.onEvict(f.items[0])
	}
}

// Event is what a Bus hands its handlers.
type Event func(name string)

// Bus calls every handler for an event.
type Bus struct {
	mu       sync.Mutex
	handlers []Event
}

// Log records the names it sees, under a mutex of its own type.
type Log struct {
	mu    sync.Mutex
	names []string
}

func (l *Log) Record(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names = append(l.names, name)
}

// Attach makes a log one of the bus's handlers.
func Attach(b *Bus, l *Log) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.handlers = append(b.handlers, Event(l.Record))
}

// shape: a handler of a named func type locks a mutex, but of another type than the bus
func (b *Bus) Emit(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, h := range b.handlers {
		h(name)
	}
}
