package commitlog

import (
	"errors"
	"sync"
)

type Segment struct {
	BaseOffset int64
	NextOffset int64
	size       int64
	maxBytes   int64
}

func (s *Segment) IsFull() bool { return s.size >= s.maxBytes }

func (s *Segment) Write(p []byte) (int, error) {
	s.size += int64(len(p))
	s.NextOffset++
	return len(p), nil
}

type CommitLog struct {
	mu             sync.RWMutex
	segments       []*Segment
	vActiveSegment *Segment
	maxSegmentBytes int64
}

func New(maxSegmentBytes int64) *CommitLog {
	l := &CommitLog{maxSegmentBytes: maxSegmentBytes}
	seg := &Segment{maxBytes: maxSegmentBytes}
	l.segments = append(l.segments, seg)
	l.vActiveSegment = seg
	return l
}

var errSegment = errors.New("cannot create segment")

func (l *CommitLog) split() error {
	next := l.vActiveSegment.NextOffset
	if next < 0 {
		return errSegment
	}
	seg := &Segment{BaseOffset: next, NextOffset: next, maxBytes: l.maxSegmentBytes}
	l.segments = append(l.segments, seg)
	l.vActiveSegment = seg
	return nil
}

func (l *CommitLog) Append(b []byte) (int64, error) {
	l.mu.Lock()
	if l.vActiveSegment.IsFull() {
		if err := l.split(); err != nil {
			return 0, err
		}
	}
	offset := l.vActiveSegment.NextOffset
	if _, err := l.vActiveSegment.Write(b); err != nil {
		l.mu.Unlock()
		return 0, err
	}
	l.mu.Unlock()
	return offset, nil
}

func (l *CommitLog) NewestOffset() int64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.vActiveSegment.NextOffset
}
