// Package listener collects the logs sent to a TCP port: one listener per
// configured source, one tailer per accepted connection.
package listener

import (
	"net"
	"sync"

	"example.com/datadog-agent-pr9745/pipeline"
)

// Tailer reads frames from a connection and forwards them to a pipeline.
type Tailer struct {
	source     string
	Conn       net.Conn
	outputChan chan *pipeline.Message
	read       func(*Tailer) ([]byte, error)
}

func NewTailer(source string, conn net.Conn, outputChan chan *pipeline.Message, read func(*Tailer) ([]byte, error)) *Tailer {
	return &Tailer{source: source, Conn: conn, outputChan: outputChan, read: read}
}

func (t *Tailer) Start() {
	go t.run()
}

func (t *Tailer) run() {
	defer t.Conn.Close()
	for {
		data, err := t.read(t)
		if err != nil {
			return
		}
		t.outputChan <- &pipeline.Message{Content: data, Origin: t.source}
	}
}

// TCPListener accepts the connections of one source.
type TCPListener struct {
	pipelineProvider pipeline.Provider
	source           string
	listener         net.Listener
	frameSize        int

	mu      sync.Mutex
	tailers []*Tailer
}

func NewTCPListener(pipelineProvider pipeline.Provider, source string, ln net.Listener, frameSize int) *TCPListener {
	return &TCPListener{pipelineProvider: pipelineProvider, source: source, listener: ln, frameSize: frameSize}
}

// Start starts the goroutine that accepts the connections.
func (l *TCPListener) Start() {
	go l.run()
}

func (l *TCPListener) run() {
	for {
		conn, err := l.listener.Accept()
		if err != nil {
			return
		}
		l.startTailer(conn)
	}
}

// read reads one frame from the connection of a tailer.
func (l *TCPListener) read(tailer *Tailer) ([]byte, error) {
	frame := make([]byte, l.frameSize)
	n, err := tailer.Conn.Read(frame)
	if err != nil {
		return nil, err
	}
	return frame[:n], nil
}

// startTailer creates and starts a new tailer that reads from the connection.
func (l *TCPListener) startTailer(conn net.Conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	tailer := NewTailer(l.source, conn, l.pipelineProvider.NextPipelineChan(), l.read)
	l.tailers = append(l.tailers, tailer)
	tailer.Start()
}
