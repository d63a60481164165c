package toxiproxy

import (
	"io"
	"log"
	"time"

	"example.com/toxiproxy-pr436/toxics"
)

// ToxicLink is a one-way pipeline from a connection's input to its output
// through a chain of stubs, each running one toxic:
//
//	Input > ToxicStub(noop) > ToxicStub(latency) > Output
type ToxicLink struct {
	stubs     []*toxics.ToxicStub
	toxics    *ToxicCollection
	input     chan *toxics.StreamChunk
	output    chan *toxics.StreamChunk
	direction int
}

func NewToxicLink(collection *ToxicCollection, direction int) *ToxicLink {
	link := &ToxicLink{
		stubs:     make([]*toxics.ToxicStub, len(collection.chain[direction])),
		toxics:    collection,
		direction: direction,
	}
	last := make(chan *toxics.StreamChunk) // the first toxic is always the noop
	link.input = last
	for i := range link.stubs {
		var next chan *toxics.StreamChunk
		if i+1 < len(link.stubs) {
			next = make(chan *toxics.StreamChunk, collection.chain[direction][i+1].BufferSize)
		} else {
			next = make(chan *toxics.StreamChunk)
		}
		link.stubs[i] = toxics.NewToxicStub(last, next)
		last = next
	}
	link.output = last
	return link
}

// Start runs the link's reader, its toxics and its writer.
func (link *ToxicLink) Start(name string, source io.Reader, dest io.WriteCloser) {
	go link.read(source)
	for i, toxic := range link.toxics.chain[link.direction] {
		go link.stubs[i].Run(toxic)
	}
	go link.write(name, dest)
}

// read copies the source connection into the link's input.
func (link *ToxicLink) read(source io.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := source.Read(buf)
		if n > 0 {
			data := append([]byte(nil), buf[:n]...)
			link.input <- &toxics.StreamChunk{Data: data, Timestamp: time.Now()}
		}
		if err != nil {
			break
		}
	}
	close(link.input)
}

// write copies the link's output to the destination connection. It stops
// reading as soon as the destination fails.
func (link *ToxicLink) write(name string, dest io.WriteCloser) {
	for chunk := range link.output {
		if _, err := dest.Write(chunk.Data); err != nil {
			log.Printf("destination terminated: %v", err)
			break
		}
	}
	dest.Close()
	link.toxics.RemoveLink(name)
}

// AddToxic adds a toxic to the end of the chain.
func (link *ToxicLink) AddToxic(toxic *toxics.ToxicWrapper) {
	i := len(link.stubs)

	newin := make(chan *toxics.StreamChunk, toxic.BufferSize)
	link.stubs = append(link.stubs, toxics.NewToxicStub(newin, link.stubs[i-1].Output))

	// interrupt the last toxic so it is not writing while its output moves
	if link.stubs[i-1].InterruptToxic() {
		link.stubs[i-1].Output = newin
		go link.stubs[i].Run(toxic)
		go link.stubs[i-1].Run(link.toxics.chain[link.direction][i-1])
	} else {
		// the link is already closed, close the new stub to match
		link.stubs[i].Output = newin
		link.stubs[i].Close()
	}
}

// RemoveToxic takes a toxic out of the chain, handing the chunks still queued
// in front of it to the stage after it.
func (link *ToxicLink) RemoveToxic(toxic *toxics.ToxicWrapper) {
	i := toxic.Index

	if link.stubs[i].InterruptToxic() {
		if cleanup, ok := toxic.Toxic.(toxics.CleanupToxic); ok {
			cleanup.Cleanup(link.stubs[i])
			// cleanup may have closed the stub
			if link.stubs[i].Closed() {
				return
			}
		}

		// interrupt the previous toxic so its output can be moved
		stop := make(chan bool)
		go func(stub *toxics.ToxicStub, stop chan bool) {
			stop <- stub.InterruptToxic()
		}(link.stubs[i-1], stop)

		// keep the previous toxic from blocking on its flush; if it closes,
		// pass the close on
		interrupted := false
		stopped := false
		for !interrupted {
			select {
			case interrupted = <-stop:
				stopped = true
			case tmp := <-link.stubs[i].Input:
				if tmp == nil {
					link.stubs[i].Close()
					if !stopped {
						<-stop
					}
					return
				}
				err := link.stubs[i].WriteOutput(tmp, 5*time.Second)
				if err != nil {
					log.Printf("could not write last packets after interrupt to output: %v", err)
				}
			}
		}

		// empty the removed toxic's buffer
		for len(link.stubs[i].Input) > 0 {
			tmp := <-link.stubs[i].Input
			if tmp == nil {
				link.stubs[i].Close()
				return
			}
			err := link.stubs[i].WriteOutput(tmp, 5*time.Second)
			if err != nil {
				log.Printf("could not write last packets after interrupt to output: %v", err)
			}
		}

		link.stubs[i-1].Output = link.stubs[i].Output
		link.stubs = append(link.stubs[:i], link.stubs[i+1:]...)

		go link.stubs[i-1].Run(link.toxics.chain[link.direction][i-1])
	}
}
