package eventqueue

import (
	"fmt"
	"log"
	"sync"
)

const DefaultBufferSize = 1000

// ErrBufferOverflow is returned when a routing key's queue is full.
type ErrBufferOverflow struct {
	Key  string
	Size int
}

func (e *ErrBufferOverflow) Error() string {
	return fmt.Sprintf("queue for %s is full (%d events)", e.Key, e.Size)
}

// EventQueue processes PagerDuty events, one queue and one worker per
// routing key so that the events of a key stay in order.
type EventQueue struct {
	Processor Processor

	mu     sync.Mutex
	queues map[string]chan Job
	stop   chan bool
	wg     sync.WaitGroup
}

// NewEventQueue initializes a new default EventQueue.
func NewEventQueue() *EventQueue {
	log.Printf("Creating new EventQueue.")
	return &EventQueue{
		Processor: DefaultProcessor,
		queues:    make(map[string]chan Job),
		stop:      make(chan bool),
	}
}

// Shutdown the queue and all associated workers.
//
// There may be a blocking delay while any running workers or processors
// attempt to complete their current tasks.
func (q *EventQueue) Shutdown() {
	log.Printf("Shutting down EventQueue.")
	for _, w := range q.queues {
		close(w)
	}
	q.wg.Wait()
	close(q.stop)
	log.Printf("Shut down EventQueue.")
}

// Enqueue an event for processing; the response arrives on respChan.
func (q *EventQueue) Enqueue(event *Event, respChan chan<- Response) error {
	if err := event.Validate(); err != nil {
		return err
	}

	key := event.RoutingKey

	q.ensureWorker(key)

	q.mu.Lock()
	queue := q.queues[key]
	q.mu.Unlock()

	select {
	case queue <- Job{Event: event, ResponseChan: respChan, Key: key}:
		return nil
	default:
		respChan <- Response{Error: &ErrBufferOverflow{key, DefaultBufferSize}}
		return nil
	}
}

func (q *EventQueue) ensureWorker(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()

	if q.queues[key] != nil {
		return
	}

	c := make(chan Job, DefaultBufferSize)
	go q.worker(key, c)
	q.queues[key] = c
}

func (q *EventQueue) worker(key string, c <-chan Job) {
	q.wg.Add(1)
	defer q.wg.Done()

	log.Printf("[%s] Worker started.", key)
	for job := range c {
		log.Printf("[%s] Job started, %v pending.", key, len(c))
		q.Processor(job, q.stop)
	}
	log.Printf("[%s] Worker stopped.", key)
}

// Job is one event waiting in a routing key's queue.
type Job struct {
	Event        *Event
	ResponseChan chan<- Response
	Key          string
}

// Response is the outcome of a job.
type Response struct {
	Response APIResponse
	Error    error
}
