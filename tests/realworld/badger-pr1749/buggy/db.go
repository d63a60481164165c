package badger

type DB struct {
	pub *publisher
}

func (db *DB) Subscribe(cb func(kvs []*KV) error, prefixes ...[]byte) error {
	s := db.pub.newSubscriber(prefixes)
	for kvs := range s.sendCh {
		if err := cb(kvs); err != nil {
			db.pub.deleteSubscriber(s.id)
			return err
		}
	}
	return nil
}
