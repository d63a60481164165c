package ok

import "sync"

// notifyTable hands out a handle for each waiter's channel; a callback that only knows the
// handle wakes the waiter through it.
type notifyTable struct {
	sync.Mutex
	next  uint
	chans map[uint]chan struct{}
}

var notifies = notifyTable{chans: make(map[uint]chan struct{})}

func (t *notifyTable) add(c chan struct{}) uint {
	t.Lock()
	defer t.Unlock()
	h := t.next
	t.chans[h] = c
	t.next++
	return h
}

func (t *notifyTable) remove(h uint) {
	t.Lock()
	defer t.Unlock()
	delete(t.chans, h)
}

func (t *notifyTable) wake(h uint) {
	t.Lock()
	c := t.chans[h]
	t.Unlock()
	c <- struct{}{}
}

// waitForUnlock registers its own channel, waits on it, and drops it: by the time the entry
// goes, its only waiter has stopped waiting.
func waitForUnlock(register func(h uint)) {
	c := make(chan struct{}, 1)
	h := notifies.add(c)
	defer notifies.remove(h)

	go register(h)
	<-c
}
