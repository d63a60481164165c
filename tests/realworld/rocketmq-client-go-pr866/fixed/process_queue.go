package consumer

import (
	"sync"
	"sync/atomic"
)

type MessageExt struct {
	QueueOffset int64
	Body        []byte
}

type processQueue struct {
	cachedMsgCount int64
	cachedMsgSize  int64
	mutex          sync.RWMutex
	msgCache       map[int64]*MessageExt
}

func newProcessQueue() *processQueue {
	return &processQueue{msgCache: map[int64]*MessageExt{}}
}

func (pq *processQueue) putMessage(messages ...*MessageExt) {
	pq.mutex.Lock()
	for _, m := range messages {
		pq.msgCache[m.QueueOffset] = m
		atomic.AddInt64(&pq.cachedMsgCount, 1)
		atomic.AddInt64(&pq.cachedMsgSize, int64(len(m.Body)))
	}
	pq.mutex.Unlock()
}

func (pq *processQueue) removeMessage(messages ...*MessageExt) {
	pq.mutex.Lock()
	for _, m := range messages {
		if _, ok := pq.msgCache[m.QueueOffset]; ok {
			delete(pq.msgCache, m.QueueOffset)
			atomic.AddInt64(&pq.cachedMsgCount, -1)
			atomic.AddInt64(&pq.cachedMsgSize, -int64(len(m.Body)))
		}
	}
	pq.mutex.Unlock()
}

type pushConsumer struct {
	pullThresholdForQueue   int64
	pullThresholdSizeForQueue int64
}

func (pc *pushConsumer) needFlowControl(pq *processQueue) bool {
	cachedMessageCount := atomic.LoadInt64(&pq.cachedMsgCount)
	cachedMessageSizeInMiB := atomic.LoadInt64(&pq.cachedMsgSize) / (1024 * 1024)
	return cachedMessageCount > pc.pullThresholdForQueue || cachedMessageSizeInMiB > pc.pullThresholdSizeForQueue
}

func (pc *pushConsumer) pullLoop(pq *processQueue, pull func() []*MessageExt, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		if pc.needFlowControl(pq) {
			continue
		}
		pq.putMessage(pull()...)
	}
}
