package buggy

import (
	"bufio"
	"io"
	"sync"
)

// shape: background loops started with go add themselves to the group Shutdown waits on
type Store struct {
	closing chan struct{}
	loops   sync.WaitGroup
	jobs    chan int
}

func (s *Store) Start() {
	go s.runJobs()
}

func (s *Store) runJobs() {
	s.loops.Add(1) // want "waitgroup-add-in-goroutine: runs inside the goroutine it counts"
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

// shape: a helper given the group as a parameter adds to it inside its goroutine
type Group struct {
	wg sync.WaitGroup
}

func (g *Group) Attach(r io.Reader) {
	go copyLines(r, &g.wg)
}

func copyLines(r io.Reader, wg *sync.WaitGroup) {
	wg.Add(1) // want "waitgroup-add-in-goroutine: runs inside the goroutine it counts"
	defer wg.Done()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
	}
}

func (g *Group) WaitAll() {
	g.wg.Wait()
}

// shape: the loop's Add counts the workers, not the goroutine started after the loop
func Collect(n int, work func(int), stop func()) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(i)
		}()
	}
	go func() {
		wg.Add(1) // want "waitgroup-add-in-goroutine: runs inside the goroutine it counts"
		defer wg.Done()
		stop()
	}()
	wg.Wait()
}
