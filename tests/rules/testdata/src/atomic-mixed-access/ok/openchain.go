package ok

import "sync/atomic"

type segment struct {
	size uint32
}

// shape: a plain write in a method reached only from an opener, through another open method
func (s *segment) open(size uint32) {
	s.size = size
}

type segmentLog struct {
	segments map[int]*segment
}

func (l *segmentLog) open() {
	for i := range l.segments {
		seg := l.segments[i]
		seg.open(uint32(i))
	}
}

// SegmentStore owns a log of segments that a background goroutine sizes up.
type SegmentStore struct {
	log segmentLog
}

// OpenStore opens every segment before the goroutine that reads their sizes starts.
func OpenStore() *SegmentStore {
	st := &SegmentStore{log: segmentLog{segments: map[int]*segment{0: {}}}}
	st.log.open()
	go st.watch(st.log.segments[0])
	return st
}

func (st *SegmentStore) watch(seg *segment) {
	for {
		atomic.AddUint32(&seg.size, 1)
	}
}
