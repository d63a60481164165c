package mailgun

import (
	"context"
	"time"
)

// EventPoller keeps fetching the same events page until new events show up.
type EventPoller struct {
	it        *EventIterator
	opts      ListEventOptions
	beginTime time.Time
	err       error
}

// PollEvents returns a poller; call Poll in a loop until it returns false.
//
//	it := mg.PollEvents(&ListEventOptions{PollInterval: 4 * time.Second})
//	for it.Poll(ctx, &events) { ... }
func (mg *MailgunImpl) PollEvents(opts *ListEventOptions) *EventPoller {
	if opts.Begin.IsZero() {
		opts.Begin = time.Now().Add(-30 * time.Minute)
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = 15 * time.Second
	}
	return &EventPoller{it: mg.ListEvents(opts), opts: *opts}
}

func (ep *EventPoller) Err() error { return ep.err }

// Poll blocks until new events are available, an error occurs or ctx is
// done.
func (ep *EventPoller) Poll(ctx context.Context, events *[]Event) bool {
	var currentPage string
	var results []Event

	if ep.opts.Begin.IsZero() {
		ep.beginTime = time.Now().UTC()
	}

	for {
		// Remember where this page starts
		currentPage = ep.it.Paging.Next

		var page []Event
		if !ep.it.Next(ctx, &page) {
			if ep.it.Err() == nil && len(page) == 0 {
				// nothing new yet: wait for the poll interval
				goto SLEEP
			}
			ep.err = ep.it.Err()
			return false
		}

		for _, e := range page {
			if e.GetTimestamp().After(ep.beginTime) {
				results = append(results, e)
			}
		}

		if len(results) != 0 {
			*events = results
			return true
		}

	SLEEP:
		// fetch the same page again after the interval
		ep.it.Paging.Next = currentPage

		timer := time.NewTimer(ep.opts.PollInterval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return false
		case <-timer.C:
		}
	}
}
