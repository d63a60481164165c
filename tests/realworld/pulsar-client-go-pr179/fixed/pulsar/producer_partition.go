// Package pulsar, reduced to a partition producer that shares a broker
// connection with the other producers of the client.
package pulsar

import (
	"encoding/binary"
	"errors"
	"sync"

	"example.com/pulsar-client-go-pr179/pulsar/internal"
)

var errProducerClosed = errors.New("producer already been closed")

type pendingItem struct {
	sequenceID uint64
	callback   func(err error)
}

type partitionProducer struct {
	cnx        internal.Connection
	producerID uint64

	mu           sync.Mutex
	sequenceID   uint64
	pendingQueue []*pendingItem
	closed       bool
}

// newPartitionProducer is called by Client.CreateProducer, on whatever
// goroutine the application creates its producers from.
func newPartitionProducer(cnx internal.Connection, producerID uint64) *partitionProducer {
	p := &partitionProducer{cnx: cnx, producerID: producerID}
	p.grabCnx()
	return p
}

// grabCnx attaches the producer to the connection: from now on the
// connection's goroutine routes this producer's send receipts to it.
func (p *partitionProducer) grabCnx() {
	p.cnx.RegisterListener(p.producerID, p)
}

// SendAsync queues a message and writes it on the connection; callback runs
// when the broker's receipt arrives.
func (p *partitionProducer) SendAsync(payload []byte, callback func(err error)) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		callback(errProducerClosed)
		return
	}
	p.sequenceID++
	seq := p.sequenceID
	p.pendingQueue = append(p.pendingQueue, &pendingItem{sequenceID: seq, callback: callback})
	p.mu.Unlock()

	frame := make([]byte, 16, 16+len(payload))
	binary.BigEndian.PutUint64(frame[0:8], p.producerID)
	binary.BigEndian.PutUint64(frame[8:16], seq)
	p.cnx.WriteData(append(frame, payload...))
}

// ReceivedSendReceipt runs on the connection's goroutine.
func (p *partitionProducer) ReceivedSendReceipt(response *internal.CommandSendReceipt) {
	p.mu.Lock()
	if len(p.pendingQueue) == 0 || p.pendingQueue[0].sequenceID != response.GetSequenceId() {
		p.mu.Unlock()
		return
	}
	item := p.pendingQueue[0]
	p.pendingQueue = p.pendingQueue[1:]
	p.mu.Unlock()

	item.callback(nil)
}

func (p *partitionProducer) ConnectionClosed() {}

func (p *partitionProducer) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cnx.UnregisterListener(p.producerID)
}
