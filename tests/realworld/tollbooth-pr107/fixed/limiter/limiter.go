// Package limiter holds the configuration and token buckets of a rate limiter.
package limiter

import (
	"net/http"
	"sync"
	"time"
)

// bucket is a small token bucket standing in for golang.org/x/time/rate.
type bucket struct {
	tokens float64
	last   time.Time
	rate   float64
	burst  float64
}

func (b *bucket) allow() bool {
	now := time.Now()
	b.tokens += now.Sub(b.last).Seconds() * b.rate
	if b.tokens > b.burst {
		b.tokens = b.burst
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// New is a constructor for Limiter.
func New(max float64) *Limiter {
	lmt := &Limiter{max: max, burst: 1, tokenBuckets: make(map[string]*bucket)}
	lmt.SetMessage("You have reached maximum request limit.").
		SetStatusCode(429).
		SetOnLimitReached(nil)
	return lmt
}

// Limiter is a config struct to limit a particular request handler.
type Limiter struct {
	// Maximum number of requests to limit per second.
	max float64

	// Limiter burst size.
	burst int

	// HTTP message when limit is reached.
	message string

	// HTTP status code when limit is reached.
	statusCode int

	// A function to call when a request is rejected.
	onLimitReached func(w http.ResponseWriter, r *http.Request)

	// Token buckets by key.
	tokenBuckets map[string]*bucket

	sync.RWMutex
}

// GetMax is thread-safe way of getting maximum number of requests per second.
func (l *Limiter) GetMax() float64 {
	l.RLock()
	defer l.RUnlock()
	return l.max
}

// GetBurst is thread-safe way of getting maximum burst size.
func (l *Limiter) GetBurst() int {
	l.RLock()
	defer l.RUnlock()
	return l.burst
}

// SetMessage is thread-safe way of setting HTTP message when limit is reached.
func (l *Limiter) SetMessage(msg string) *Limiter {
	l.Lock()
	l.message = msg
	l.Unlock()
	return l
}

// GetMessage is thread-safe way of getting HTTP message when limit is reached.
func (l *Limiter) GetMessage() string {
	l.RLock()
	defer l.RUnlock()
	return l.message
}

// SetStatusCode is thread-safe way of setting HTTP status code when limit is reached.
func (l *Limiter) SetStatusCode(statusCode int) *Limiter {
	l.Lock()
	l.statusCode = statusCode
	l.Unlock()
	return l
}

// GetStatusCode is thread-safe way of getting HTTP status code when limit is reached.
func (l *Limiter) GetStatusCode() int {
	l.RLock()
	defer l.RUnlock()
	return l.statusCode
}

// SetOnLimitReached is thread-safe way of setting after-rejection function when limit is reached.
func (l *Limiter) SetOnLimitReached(fn func(w http.ResponseWriter, r *http.Request)) *Limiter {
	l.Lock()
	l.onLimitReached = fn
	l.Unlock()
	return l
}

// ExecOnLimitReached is thread-safe way of executing after-rejection function when limit is reached.
func (l *Limiter) ExecOnLimitReached(w http.ResponseWriter, r *http.Request) {
	l.RLock()
	fn := l.onLimitReached
	l.RUnlock()

	if fn != nil {
		fn(w, r)
	}
}

func (l *Limiter) limitReachedWithTokenBucket(key string) bool {
	lmtMax := l.GetMax()
	lmtBurst := l.GetBurst()
	l.Lock()
	defer l.Unlock()

	b, found := l.tokenBuckets[key]
	if !found {
		b = &bucket{tokens: float64(lmtBurst), last: time.Now(), rate: lmtMax, burst: float64(lmtBurst)}
		l.tokenBuckets[key] = b
	}
	return !b.allow()
}

// LimitReached returns a bool indicating if the Bucket identified by key ran out of tokens.
func (l *Limiter) LimitReached(key string) bool {
	return l.limitReachedWithTokenBucket(key)
}
