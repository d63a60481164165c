package buggy

import (
	"sync"
	"time"
)

// shape: two updaters a loop starts together on every pass and waits for before the next:
// one writes the timestamp the other reads, while both run.

type feedState struct {
	lastUpdate time.Time
	rules      []string
}

func (s *feedState) updateFeed() {
	s.lastUpdate = time.Now()
}

func (s *feedState) updateRules() {
	if time.Since(s.lastUpdate) > time.Hour {
		s.rules = nil
	}
}

func (s *feedState) routineUpdate(ticks <-chan time.Time) {
	for range ticks {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			s.updateRules()
		}()
		go func() {
			defer wg.Done()
			s.updateFeed() // want "shared-variable-race: `feedState.routineUpdate`, run by the goroutine started in a loop at line 34, writes `s.lastUpdate` \(in `feedState.updateFeed`"
		}()
		wg.Wait()
	}
}
