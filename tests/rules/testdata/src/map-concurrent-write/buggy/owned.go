package buggy

import "time"

type tagTally struct{ seen map[string]int }

func (t *tagTally) Add(tag string) { t.seen[tag]++ } // want "map-range-during-write: fatal error: concurrent map iteration and map write"

func (t *tagTally) report(out chan<- int) {
	for range time.Tick(time.Second) {
		out <- len(t.seen)
		for k := range t.seen {
			delete(t.seen, k) // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
		}
	}
}

// The tally is made here, but the reporter goroutine gets it before the adds.
func tallyTags(tags []string, out chan<- int) {
	t := &tagTally{seen: map[string]int{}}
	go t.report(out)
	for _, tag := range tags {
		t.Add(tag)
	}
}
