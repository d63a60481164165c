package stomp

import (
	"errors"
	"io"
	"strconv"
	"sync"
	"sync/atomic"

	"example.com/stomp-pr52/frame"
)

var (
	ErrAlreadyClosed      = errors.New("connection already closed")
	ErrClosedUnexpectedly = errors.New("connection closed unexpectedly")
)

var lastId uint64

func allocateId() string {
	return strconv.FormatUint(atomic.AddUint64(&lastId, 1), 10)
}

// A Conn is a connection to a STOMP server.
type Conn struct {
	conn       io.ReadWriteCloser
	readCh     chan *frame.Frame
	writeCh    chan writeRequest
	closed     bool
	closeMutex *sync.Mutex
}

type writeRequest struct {
	Frame *frame.Frame      // frame to send
	C     chan *frame.Frame // response channel
}

// Connect starts the connection's reader and processing goroutines.
func Connect(conn io.ReadWriteCloser) (*Conn, error) {
	reader := frame.NewReader(conn)
	writer := frame.NewWriter(conn)

	c := &Conn{
		conn:       conn,
		readCh:     make(chan *frame.Frame, 8),
		writeCh:    make(chan writeRequest, 8),
		closeMutex: &sync.Mutex{},
	}

	go readLoop(c, reader)
	go processLoop(c, writer)

	return c, nil
}

func readLoop(c *Conn, reader *frame.Reader) {
	for {
		f, err := reader.Read()
		if err != nil {
			close(c.readCh)
			return
		}
		c.readCh <- f
	}
}

// processLoop writes the queued frames and dispatches the frames read; when it
// returns, the connection is torn down.
func processLoop(c *Conn, writer *frame.Writer) {
	channels := make(map[string]chan *frame.Frame)

	defer c.MustDisconnect()

	for {
		select {
		case f, ok := <-c.readCh:
			if !ok {
				sendError(channels, errors.New("connection closed"))
				return
			}
			if f == nil {
				continue
			}
			switch f.Command {
			case frame.RECEIPT:
				if id, ok := f.Header.Contains(frame.ReceiptId); ok {
					if ch, ok := channels[id]; ok {
						ch <- f
						delete(channels, id)
						close(ch)
					}
				}
			case frame.ERROR:
				for _, ch := range channels {
					ch <- f
					close(ch)
				}
				c.closeMutex.Lock()
				defer c.closeMutex.Unlock()
				c.closed = true
				c.conn.Close()
				return
			}

		case req, ok := <-c.writeCh:
			if !ok {
				sendError(channels, errors.New("write channel closed"))
				return
			}
			if req.C != nil {
				if receipt, ok := req.Frame.Header.Contains(frame.Receipt); ok {
					channels[receipt] = req.C
				}
			}
			if err := writer.Write(req.Frame); err != nil {
				sendError(channels, err)
				return
			}
		}
	}
}

func sendError(m map[string]chan *frame.Frame, err error) {
	f := frame.New(frame.ERROR, frame.Message, err.Error())
	for _, ch := range m {
		ch <- f
	}
}

// Disconnect sends DISCONNECT, waits for its receipt and closes the connection.
func (c *Conn) Disconnect() error {
	c.closeMutex.Lock()
	defer c.closeMutex.Unlock()
	if c.closed {
		return nil
	}

	ch := make(chan *frame.Frame)
	c.writeCh <- writeRequest{
		Frame: frame.New(frame.DISCONNECT, frame.Receipt, allocateId()),
		C:     ch,
	}
	response := <-ch
	if response.Command != frame.RECEIPT {
		return errors.New("disconnect: no receipt")
	}

	c.closed = true
	return c.conn.Close()
}

// MustDisconnect closes the connection without the DISCONNECT exchange.
func (c *Conn) MustDisconnect() error {
	c.closeMutex.Lock()
	defer c.closeMutex.Unlock()
	if c.closed {
		return nil
	}

	close(c.writeCh)

	c.closed = true
	return c.conn.Close()
}

// Send sends a message to a destination.
func (c *Conn) Send(destination string, body []byte) error {
	c.closeMutex.Lock()
	defer c.closeMutex.Unlock()
	if c.closed {
		return ErrAlreadyClosed
	}

	f := frame.New(frame.SEND, frame.Destination, destination)
	f.Body = body
	c.writeCh <- writeRequest{Frame: f}
	return nil
}

func (c *Conn) sendFrame(f *frame.Frame) error {
	if c.closed {
		c.conn.Close()
		return ErrClosedUnexpectedly
	}

	if _, ok := f.Header.Contains(frame.Receipt); ok {
		// receipt required
		request := writeRequest{
			Frame: f,
			C:     make(chan *frame.Frame),
		}

		c.writeCh <- request
		response, ok := <-request.C
		if ok {
			if response.Command != frame.RECEIPT {
				return errors.New("no receipt for " + f.Command)
			}
		} else {
			return ErrClosedUnexpectedly
		}
	} else {
		// no receipt required
		request := writeRequest{Frame: f}
		c.writeCh <- request
	}

	return nil
}

// Transaction groups sends and acknowledgements.
type Transaction struct {
	id   string
	conn *Conn
}

// BeginWithError starts a transaction.
func (c *Conn) BeginWithError() (*Transaction, error) {
	id := allocateId()
	f := frame.New(frame.BEGIN, frame.Transaction, id)
	err := c.sendFrame(f)
	return &Transaction{id: id, conn: c}, err
}

// Ack acknowledges a message by id.
func (c *Conn) Ack(messageId string) error {
	return c.sendFrame(frame.New(frame.ACK, frame.Id, messageId))
}
