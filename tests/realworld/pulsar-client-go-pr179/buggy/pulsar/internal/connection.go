package internal

import (
	"log"
	"net"
	"os"
	"sync"
)

// ConnectionListener is a user of a connection (eg. a producer) that
// registers itself to get its send receipts and to be told when the
// connection is closed.
type ConnectionListener interface {
	// ReceivedSendReceipt receives and processes the receipt of a send.
	ReceivedSendReceipt(response *CommandSendReceipt)

	// ConnectionClosed tells the listener the connection is gone.
	ConnectionClosed()
}

// Connection is the interface of a connection to a broker, shared by all
// the producers and consumers of the client that talk to that broker.
type Connection interface {
	WriteData(data []byte)
	RegisterListener(id uint64, listener ConnectionListener)
	UnregisterListener(id uint64)
	Close()
}

type connectionState int

const (
	connectionReady connectionState = iota
	connectionClosed
)

type connection struct {
	sync.Mutex
	state connectionState
	cnx   net.Conn

	log *log.Logger

	incomingCmdCh   chan *BaseCommand
	closeCh         chan interface{}
	writeRequestsCh chan []byte

	listeners map[uint64]ConnectionListener

	closeOnce sync.Once
}

// NewConnection wraps a connection to a broker that has done its handshake
// and starts serving it.
func NewConnection(cnx net.Conn) Connection {
	c := &connection{
		state:           connectionReady,
		cnx:             cnx,
		log:             log.New(os.Stderr, "pulsar ", log.LstdFlags),
		incomingCmdCh:   make(chan *BaseCommand, 10),
		closeCh:         make(chan interface{}),
		writeRequestsCh: make(chan []byte, 10),
		listeners:       make(map[uint64]ConnectionListener),
	}
	c.start()
	return c
}

func (c *connection) start() {
	// each connection gets its own goroutine, which handles every command
	// the broker sends
	go c.run()
}

func (c *connection) run() {
	// all reads come from the reader goroutine
	go c.readFromConnection()

	for {
		select {
		case <-c.closeCh:
			c.Close()
			return

		case cmd := <-c.incomingCmdCh:
			c.internalReceivedCommand(cmd)

		case data := <-c.writeRequestsCh:
			if data == nil {
				return
			}
			c.internalWriteData(data)
		}
	}
}

func (c *connection) readFromConnection() {
	for {
		cmd, err := readCommand(c.cnx)
		if err != nil {
			c.log.Printf("error reading from connection: %v", err)
			c.TriggerClose()
			return
		}
		c.receivedCommand(cmd)
	}
}

func (c *connection) receivedCommand(cmd *BaseCommand) {
	select {
	case c.incomingCmdCh <- cmd:
	case <-c.closeCh:
	}
}

func (c *connection) internalReceivedCommand(cmd *BaseCommand) {
	switch cmd.Type {
	case CommandSendReceiptType:
		c.handleSendReceipt(cmd.SendReceipt)

	case CommandPingType:

	default:
		c.log.Printf("received invalid command type: %d", cmd.Type)
		c.TriggerClose()
	}
}

func (c *connection) WriteData(data []byte) {
	select {
	case c.writeRequestsCh <- data:
	case <-c.closeCh:
	}
}

func (c *connection) internalWriteData(data []byte) {
	if _, err := c.cnx.Write(data); err != nil {
		c.log.Printf("failed to write on connection: %v", err)
		c.TriggerClose()
	}
}

func (c *connection) handleSendReceipt(response *CommandSendReceipt) {
	producerID := response.GetProducerId()
	if producer, ok := c.listeners[producerID]; ok {
		producer.ReceivedSendReceipt(response)
	} else {
		c.log.Printf("got unexpected send receipt for producer %d, sequence %d", producerID, response.GetSequenceId())
	}
}

func (c *connection) RegisterListener(id uint64, listener ConnectionListener) {
	c.Lock()
	defer c.Unlock()

	c.listeners[id] = listener
}

func (c *connection) UnregisterListener(id uint64) {
	c.Lock()
	defer c.Unlock()

	delete(c.listeners, id)
}

// TriggerClose closes the socket and wakes up everything that selects on
// closeCh.
func (c *connection) TriggerClose() {
	c.closeOnce.Do(func() {
		c.cnx.Close()
		close(c.closeCh)
	})
}

func (c *connection) Close() {
	c.Lock()
	defer c.Unlock()

	if c.state == connectionClosed {
		return
	}
	c.state = connectionClosed
	c.cnx.Close()
}
