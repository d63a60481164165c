package health

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// Status is the overall health of the component.
type Status string

const (
	StatusOK                 Status = "OK"
	StatusPartiallyAvailable Status = "Partially Available"
	StatusUnavailable        Status = "Unavailable"
	StatusTimeout            Status = "Timeout during health check"
)

// CheckFunc probes one dependency.
type CheckFunc func(context.Context) error

// Config describes one registered check.
type Config struct {
	Name      string
	Timeout   time.Duration
	SkipOnErr bool
	Check     CheckFunc
}

// Check is the summary that Measure returns.
type Check struct {
	Status    Status
	Timestamp time.Time
	Failures  map[string]string
}

// Health holds the registered checks.
type Health struct {
	mu            sync.Mutex
	checks        map[string]Config
	maxConcurrent int
}

func New() *Health {
	return &Health{checks: make(map[string]Config), maxConcurrent: runtime.NumCPU()}
}

func (h *Health) Register(c Config) {
	if c.Timeout == 0 {
		c.Timeout = 2 * time.Second
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks[c.Name] = c
}

// Measure runs every check, each bounded by its own timeout, and sums them up.
func (h *Health) Measure(ctx context.Context) Check {
	h.mu.Lock()
	defer h.mu.Unlock()

	status := StatusOK
	failures := make(map[string]string)

	limiter := make(chan bool, h.maxConcurrent)
	defer close(limiter)

	var (
		wg sync.WaitGroup
		mu sync.Mutex
	)
	for _, c := range h.checks {
		limiter <- true
		wg.Add(1)

		go func(c Config) {
			defer func() {
				<-limiter
				wg.Done()
			}()

			resCh := make(chan error)
			go func() {
				defer close(resCh)
				resCh <- c.Check(ctx)
			}()

			timer := time.NewTimer(c.Timeout)
			select {
			case <-timer.C:
				mu.Lock()
				defer mu.Unlock()
				failures[c.Name] = string(StatusTimeout)
				status = availability(status, c.SkipOnErr)
			case res := <-resCh:
				if !timer.Stop() {
					<-timer.C
				}
				mu.Lock()
				defer mu.Unlock()
				if res != nil {
					failures[c.Name] = res.Error()
					status = availability(status, c.SkipOnErr)
				}
			}
		}(c)
	}
	wg.Wait()

	return Check{Status: status, Timestamp: time.Now(), Failures: failures}
}

func availability(s Status, skipOnErr bool) Status {
	if skipOnErr && s != StatusUnavailable {
		return StatusPartiallyAvailable
	}
	return StatusUnavailable
}
