package client

import (
	"sync"
	"time"
)

type KVPair struct {
	Key   string
	Value string
}

type EtcdV3Discovery struct {
	basePath string
	mu       sync.Mutex
	pairs    []*KVPair
	chans    []chan []*KVPair
	stopCh   chan struct{}
}

func NewEtcdV3Discovery(basePath string) *EtcdV3Discovery {
	d := &EtcdV3Discovery{basePath: basePath, stopCh: make(chan struct{})}
	go d.watch()
	return d
}

func (d *EtcdV3Discovery) WatchService() chan []*KVPair {
	d.mu.Lock()
	defer d.mu.Unlock()
	ch := make(chan []*KVPair, 10)
	d.chans = append(d.chans, ch)
	return ch
}

func (d *EtcdV3Discovery) watch() {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-d.stopCh:
			return
		case <-t.C:
			d.mu.Lock()
			for _, ch := range d.chans {
				select {
				case ch <- d.pairs:
				default:
				}
			}
			d.mu.Unlock()
		}
	}
}

func (d *EtcdV3Discovery) Close() {
	select {
	case <-d.stopCh:
		return
	default:
	}
	close(d.stopCh)
}
