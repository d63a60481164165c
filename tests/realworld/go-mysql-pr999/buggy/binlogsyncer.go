package replication

import (
	"context"
	"sync"
)

// Position is a binlog file name and offset.
type Position struct {
	Name string
	Pos  uint32
}

// packetReader stands in for the replication connection to the server.
type packetReader interface {
	ReadPacket() ([]byte, error)
}

type BinlogSyncer struct {
	c      packetReader
	parser *BinlogParser
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

func NewBinlogSyncer(c packetReader) *BinlogSyncer {
	b := &BinlogSyncer{c: c, parser: &BinlogParser{}}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	return b
}

// StartSync starts the goroutine that reads events from p on.
func (b *BinlogSyncer) StartSync(p Position) (*BinlogStreamer, error) {
	s := newBinlogStreamer()
	b.wg.Add(1)
	go b.onStream(s)
	return s, nil
}

func (b *BinlogSyncer) onStream(s *BinlogStreamer) {
	defer b.wg.Done()
	for {
		data, err := b.c.ReadPacket()
		if err != nil {
			s.closeWithError(err)
			return
		}
		e, err := b.parser.Parse(data)
		if err != nil {
			s.closeWithError(err)
			return
		}
		select {
		case s.ch <- e:
		case <-b.ctx.Done():
			return
		}
	}
}

// Close stops the syncer and waits for its goroutine.
func (b *BinlogSyncer) Close() {
	b.cancel()
	b.wg.Wait()
}

type BinlogParser struct {
	rawMode bool
}

func (p *BinlogParser) SetRawMode(mode bool) { p.rawMode = mode }

// Parse decodes the event header; the body is kept raw.
func (p *BinlogParser) Parse(data []byte) (*BinlogEvent, error) {
	h := &EventHeader{}
	if len(data) >= 13 {
		h.Timestamp = uint32(data[0]) | uint32(data[1])<<8 | uint32(data[2])<<16 | uint32(data[3])<<24
		h.EventType = data[4]
		h.LogPos = uint32(data[9]) | uint32(data[10])<<8 | uint32(data[11])<<16 | uint32(data[12])<<24
	}
	e := &BinlogEvent{RawData: data, Header: h}
	if h.EventType == ROTATE_EVENT && len(data) > 27 {
		e.Event = &RotateEvent{NextLogName: data[27:]}
	}
	return e, nil
}
