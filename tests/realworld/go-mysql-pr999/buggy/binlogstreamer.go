package replication

// BinlogStreamer carries the events the syncer's goroutine decodes.
type BinlogStreamer struct {
	ch  chan *BinlogEvent
	ech chan error
}

func newBinlogStreamer() *BinlogStreamer {
	return &BinlogStreamer{
		ch:  make(chan *BinlogEvent, 10240),
		ech: make(chan error, 4),
	}
}

func (s *BinlogStreamer) closeWithError(err error) {
	select {
	case s.ech <- err:
	default:
	}
}
