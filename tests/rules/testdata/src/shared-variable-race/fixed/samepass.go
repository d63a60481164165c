package fixed

import (
	"sync"
	"time"
)

// shape: the rules updater reads the timestamp before the pass starts the feed updater.

type feedState struct {
	lastUpdate time.Time
	rules      []string
}

func (s *feedState) updateFeed() {
	s.lastUpdate = time.Now()
}

func (s *feedState) updateRules(last time.Time) {
	if time.Since(last) > time.Hour {
		s.rules = nil
	}
}

func (s *feedState) routineUpdate(ticks <-chan time.Time) {
	for range ticks {
		var wg sync.WaitGroup
		last := s.lastUpdate
		wg.Add(2)
		go func() {
			defer wg.Done()
			s.updateRules(last)
		}()
		go func() {
			defer wg.Done()
			s.updateFeed()
		}()
		wg.Wait()
	}
}
