package watcher

import (
	"log"
	"time"
)

type Update struct {
	Addresses []string
}

type endpointTranslator struct {
	updates  chan Update
	stop     chan struct{}
	timeout  time.Duration
	send     func(Update) error
}

func newEndpointTranslator(send func(Update) error) *endpointTranslator {
	et := &endpointTranslator{updates: make(chan Update, 100), stop: make(chan struct{}), timeout: 30 * time.Second, send: send}
	go et.processUpdates()
	return et
}

func (et *endpointTranslator) processUpdates() {
	timer := time.NewTimer(et.timeout)
	defer timer.Stop()
	for {
		select {
		case u := <-et.updates:
			if !timer.Stop() {
				<-timer.C
			}
			timer.Reset(et.timeout)
			if err := et.send(u); err != nil {
				log.Printf("send: %v", err)
			}
		case <-timer.C:
			timer.Reset(et.timeout)
			log.Printf("no update for %s", et.timeout)
		case <-et.stop:
			return
		}
	}
}

func (et *endpointTranslator) Stop() { close(et.stop) }
