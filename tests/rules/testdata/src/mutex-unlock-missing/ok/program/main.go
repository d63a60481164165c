package main

import (
	"fmt"
	"os"
	"sync"
)

type Peer struct{}

func (p *Peer) OnGathered(f func()) { go f() }

func (p *Peer) Signal(c string) error { return nil }

var (
	mu      sync.Mutex
	pending []string
)

// shape: a callback of a program that recovers nothing: its panic ends the program
func main() {
	p := &Peer{}
	p.OnGathered(func() {
		mu.Lock()
		for _, c := range pending {
			if err := p.Signal(c); err != nil {
				panic(err)
			}
		}
		mu.Unlock()
	})
	flush(p)
	select {}
}

// shape: a function of the program that panics under the lock: nothing recovers it
func flush(p *Peer) {
	mu.Lock()
	if err := p.Signal("flush"); err != nil {
		panic(err)
	}
	pending = nil
	mu.Unlock()
}

// shape: a panic under the lock in a goroutine of the program, which nothing recovers
func watch(p *Peer, events <-chan string) {
	go func() {
		for e := range events {
			mu.Lock()
			if err := p.Signal(e); err != nil {
				fmt.Fprintln(os.Stderr, err)
				panic(err)
			}
			mu.Unlock()
		}
	}()
}
