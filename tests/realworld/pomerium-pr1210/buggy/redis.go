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
		select {
		case <-ctx.Done():
			return
		case ch <- struct{}{}:
		}
	}
}

func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		close(db.closed)
		close(db.notifyCh)
	})
	return nil
}
