package mailgun

import (
	"context"
	"time"
)

// Event is one entry of the events API.
type Event struct {
	Timestamp time.Time
	Name      string
}

func (e Event) GetTimestamp() time.Time { return e.Timestamp }

// Paging holds the page URLs of a listing.
type Paging struct {
	Next string
}

// pageFetcher stands in for the HTTP call that fetches one page of events.
type pageFetcher func(ctx context.Context, url string) (events []Event, next string, err error)

// EventIterator walks the pages of an events listing.
type EventIterator struct {
	Paging Paging
	fetch  pageFetcher
	err    error
}

// Next fetches the page Paging.Next points at into events and moves
// Paging.Next on. It returns false on an error or an empty page.
func (it *EventIterator) Next(ctx context.Context, events *[]Event) bool {
	page, next, err := it.fetch(ctx, it.Paging.Next)
	if err != nil {
		it.err = err
		return false
	}
	*events = page
	if len(page) == 0 {
		return false
	}
	it.Paging.Next = next
	return true
}

func (it *EventIterator) Err() error { return it.err }

// MailgunImpl is the API client.
type MailgunImpl struct {
	fetch pageFetcher
}

// ListEventOptions controls a listing or a poll.
type ListEventOptions struct {
	Begin        time.Time
	PollInterval time.Duration
}

func (mg *MailgunImpl) ListEvents(opts *ListEventOptions) *EventIterator {
	return &EventIterator{Paging: Paging{Next: "/events"}, fetch: mg.fetch}
}
