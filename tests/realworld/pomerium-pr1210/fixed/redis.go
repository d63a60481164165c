package redis

import (
	"context"
	"sync"
)

type PubSubConn interface {
	Receive() (interface{}, error)
	Close() error
}

type DB struct {
	closed   chan struct{}
	closeOnce sync.Once
	notifyChMu sync.Mutex
	notifyCh chan struct{}
}

func New() *DB {
	return &DB{closed: make(chan struct{}), notifyCh: make(chan struct{})}
}

func (db *DB) Watch(ctx context.Context, psc PubSubConn) <-chan struct{} {
	go db.doNotifyLoop(ctx, db.notifyCh, psc)
	return db.notifyCh
}

func (db *DB) doNotifyLoop(ctx context.Context, ch chan struct{}, psc PubSubConn) {
	defer psc.Close()
	for {
		v, err := psc.Receive()
		if err != nil {
			return
		}
		if _, ok := v.(string); !ok {
			continue
		}
		db.notifyChMu.Lock()
		select {
		case <-db.closed:
			db.notifyChMu.Unlock()
			return
		case <-ctx.Done():
			db.notifyChMu.Unlock()
			return
		case ch <- struct{}{}:
		}
		db.notifyChMu.Unlock()
	}
}

func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		close(db.closed)
		db.notifyChMu.Lock()
		close(db.notifyCh)
		db.notifyChMu.Unlock()
	})
	return nil
}
