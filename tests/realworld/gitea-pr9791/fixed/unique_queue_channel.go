package queue

import (
	"encoding/json"
	"errors"
	"sync"
)

type Data interface{}

var ErrAlreadyInQueue = errors.New("already in queue")

type WorkerPool struct {
	dataChan chan Data
}

func (p *WorkerPool) Push(data Data) { p.dataChan <- data }

type ChannelUniqueQueue struct {
	*WorkerPool
	lock  sync.Mutex
	table map[string]bool
	name  string
}

func NewChannelUniqueQueue(handle func(...Data)) *ChannelUniqueQueue {
	q := &ChannelUniqueQueue{WorkerPool: &WorkerPool{dataChan: make(chan Data, 20)}, table: map[string]bool{}}
	go func() {
		for d := range q.dataChan {
			bs, _ := json.Marshal(d)
			q.lock.Lock()
			delete(q.table, string(bs))
			q.lock.Unlock()
			handle(d)
		}
	}()
	return q
}

func (q *ChannelUniqueQueue) PushFunc(data Data, fn func() error) error {
	bs, err := json.Marshal(data)
	if err != nil {
		return err
	}
	q.lock.Lock()
	if _, ok := q.table[string(bs)]; ok {
		q.lock.Unlock()
		return ErrAlreadyInQueue
	}
	q.table[string(bs)] = true
	if fn != nil {
		if err := fn(); err != nil {
			delete(q.table, string(bs))
			q.lock.Unlock()
			return err
		}
	}
	q.lock.Unlock()
	q.WorkerPool.Push(data)
	return nil
}
