package queue

import "sync"

type Blocking[T any] struct {
	elements     []T
	elementsIdx  int
	lock         sync.Mutex
	notEmptyCond *sync.Cond
}

func NewBlocking[T any](elems []T) *Blocking[T] {
	b := &Blocking[T]{elements: elems}
	b.notEmptyCond = sync.NewCond(&b.lock)
	return b
}

func (bq *Blocking[T]) Offer(elem T) {
	bq.lock.Lock()
	defer bq.lock.Unlock()
	bq.elements = append(bq.elements, elem)
	bq.notEmptyCond.Broadcast()
}

func (bq *Blocking[T]) GetWait() (v T) {
	bq.lock.Lock()
	defer bq.lock.Unlock()

	for bq.elementsIdx >= len(bq.elements) {
		bq.notEmptyCond.Wait()
	}
	elem := bq.elements[bq.elementsIdx]
	bq.elementsIdx++
	return elem
}
