package badger

import "sync/atomic"

type DB struct {
	pub *publisher
}

func (db *DB) Subscribe(cb func(kvs []*KV) error, prefixes ...[]byte) error {
	s := db.pub.newSubscriber(prefixes)
	for kvs := range s.sendCh {
		if err := cb(kvs); err != nil {
			// Stop the publisher sending to us, and keep the channel drained so that a send
			// already blocked on it finishes and releases the publisher's lock.
			atomic.StoreUint64(s.active, 0)
			go func() {
				for range s.sendCh {
				}
			}()
			db.pub.deleteSubscriber(s.id)
			return err
		}
	}
	return nil
}
