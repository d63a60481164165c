package backoff

import (
	"context"
	"time"
)

// Controller is handed to the caller by Policy.Start: Next fires each time
// the caller may try again, Done is closed when it should give up.
type Controller interface {
	Done() <-chan struct{}
	Next() <-chan struct{}
}

// IntervalGenerator yields the wait before the next attempt.
type IntervalGenerator interface {
	Next() time.Duration
}

type Policy interface {
	Start(context.Context) Controller
}
