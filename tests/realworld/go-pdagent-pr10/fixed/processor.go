package eventqueue

import (
	"errors"
	"log"
	"time"
)

// Event is a PagerDuty event to send to the events API.
type Event struct {
	RoutingKey  string
	EventAction string
	Summary     string
}

// Validate checks that the event can be sent.
func (e *Event) Validate() error {
	if e.RoutingKey == "" {
		return errors.New("routing key is required")
	}
	if e.EventAction == "" {
		return errors.New("event action is required")
	}
	return nil
}

// APIResponse is what the events API answered.
type APIResponse struct {
	Status   string
	DedupKey string
}

// Processor handles one job synchronously; stop is closed on shutdown.
type Processor func(job Job, stop chan bool)

// sendEvent posts an event to the events API (stand-in for the HTTP client).
var sendEvent = func(e *Event) (APIResponse, error) {
	return APIResponse{Status: "success", DedupKey: e.RoutingKey}, nil
}

// DefaultProcessor sends the job's event, retrying until it succeeds or the
// queue is stopped, and answers on the job's response channel.
func DefaultProcessor(job Job, stop chan bool) {
	backoff := 100 * time.Millisecond
	for {
		resp, err := sendEvent(job.Event)
		if err == nil {
			job.ResponseChan <- Response{Response: resp}
			return
		}
		log.Printf("[%s] send failed, retrying: %v", job.Key, err)

		select {
		case <-stop:
			job.ResponseChan <- Response{Error: err}
			return
		case <-time.After(backoff):
			backoff *= 2
		}
	}
}
