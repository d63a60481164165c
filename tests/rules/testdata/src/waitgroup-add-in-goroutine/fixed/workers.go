package fixed

import (
	"bufio"
	"io"
	"sync"
)

// shape: Start adds for each background loop before starting it
type Store struct {
	closing chan struct{}
	loops   sync.WaitGroup
	jobs    chan int
}

func (s *Store) Start() {
	s.loops.Add(1)
	go s.runJobs()
}

func (s *Store) runJobs() {
	defer s.loops.Done()
	for {
		select {
		case <-s.closing:
			return
		case <-s.jobs:
		}
	}
}

func (s *Store) Shutdown() {
	close(s.closing)
	s.loops.Wait()
}

// shape: the caller adds before handing the group to the helper's goroutine
type Group struct {
	wg sync.WaitGroup
}

func (g *Group) Attach(r io.Reader) {
	g.wg.Add(1)
	go copyLines(r, &g.wg)
}

func copyLines(r io.Reader, wg *sync.WaitGroup) {
	defer wg.Done()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
	}
}

func (g *Group) WaitAll() {
	g.wg.Wait()
}

// shape: every goroutine, the one after the loop too, is added before it starts
func Collect(n int, work func(int), stop func()) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(i)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		stop()
	}()
	wg.Wait()
}
