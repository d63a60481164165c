package fixed

import "time"

// shape: one ping at a time, at a fixed pace
func keepAlive(ping func() error) {
	for {
		_ = ping()
		time.Sleep(time.Second)
	}
}

// shape: the idle work runs inline when the queue is empty, then waits for the next item
func drain(queue <-chan int, idle func(), use func(int)) {
	for {
		select {
		case q, ok := <-queue:
			if !ok {
				return
			}
			use(q)
		default:
			idle()
			q, ok := <-queue
			if !ok {
				return
			}
			use(q)
		}
	}
}
