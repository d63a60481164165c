package ok

import "sync/atomic"

// Journal numbers its records; a writer goroutine bumps the sequence once it is open.
type Journal struct {
	seq uint64
}

// openJournal replays the journal before the writer goroutine exists.
func openJournal() *Journal {
	j := &Journal{}
	j.replay()
	go j.writer()
	return j
}

// shape: plain accesses in a helper only an opener calls, before the goroutines start
func (j *Journal) replay() {
	last := j.seq
	j.seq = last + 1
}

func (j *Journal) writer() {
	for {
		atomic.AddUint64(&j.seq, 1)
	}
}
