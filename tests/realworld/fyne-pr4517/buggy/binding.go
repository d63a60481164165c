package binding

import "sync"

type DataListener interface{ DataChanged() }

type listenerFunc func()

func (f listenerFunc) DataChanged() { f() }

func NewDataListener(fn func()) DataListener { return listenerFunc(fn) }

type base struct {
	listeners sync.Map // map[DataListener]bool
	lock      sync.RWMutex
}

func (b *base) AddListener(l DataListener) {
	b.listeners.Store(l, true)
	l.DataChanged()
}

func (b *base) trigger() {
	b.listeners.Range(func(key, _ interface{}) bool {
		key.(DataListener).DataChanged()
		return true
	})
}
