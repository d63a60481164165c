package badger

import (
	"sync"
	"sync/atomic"
)

type KV struct {
	Key   []byte
	Value []byte
}

type subscriber struct {
	id       uint64
	prefixes [][]byte
	sendCh   chan []*KV
	active   *uint64
}

type publisher struct {
	sync.Mutex
	pubCh       chan []*KV
	subscribers map[uint64]subscriber
	nextID      uint64
}

func newPublisher() *publisher {
	p := &publisher{pubCh: make(chan []*KV, 1000), subscribers: make(map[uint64]subscriber)}
	go p.listenForUpdates()
	return p
}

func (p *publisher) listenForUpdates() {
	for kvs := range p.pubCh {
		p.publishUpdates(kvs)
	}
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}

func (p *publisher) publishUpdates(kvs []*KV) {
	p.Lock()
	defer p.Unlock()
	batched := make(map[uint64][]*KV)
	for _, kv := range kvs {
		for id, s := range p.subscribers {
			for _, prefix := range s.prefixes {
				if hasPrefix(kv.Key, prefix) {
					batched[id] = append(batched[id], kv)
				}
			}
		}
	}
	for id, b := range batched {
		s := p.subscribers[id]
		if atomic.LoadUint64(s.active) == 1 {
			s.sendCh <- b
		}
	}
}

func (p *publisher) newSubscriber(prefixes [][]byte) subscriber {
	p.Lock()
	defer p.Unlock()
	id := p.nextID
	p.nextID++
	active := uint64(1)
	s := subscriber{id: id, prefixes: prefixes, sendCh: make(chan []*KV, 1000), active: &active}
	p.subscribers[id] = s
	return s
}

func (p *publisher) deleteSubscriber(id uint64) {
	p.Lock()
	defer p.Unlock()
	if s, ok := p.subscribers[id]; ok {
		delete(p.subscribers, id)
		close(s.sendCh)
	}
}
