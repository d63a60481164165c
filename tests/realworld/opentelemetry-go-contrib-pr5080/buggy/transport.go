// Package otelhttp, reduced to the client side: a RoundTripper that
// measures the requests it sends.
package otelhttp

import (
	"context"
	"net/http"
	"time"
)

// Int64Counter and Float64Histogram stand in for the instruments of the
// metric API.
type Int64Counter interface {
	Add(ctx context.Context, incr int64)
}

type Float64Histogram interface {
	Record(ctx context.Context, v float64)
}

// Transport implements the http.RoundTripper interface and wraps outbound
// HTTP(S) requests with metrics.
type Transport struct {
	rt http.RoundTripper

	requestBytesCounter Int64Counter
	latencyMeasure      Float64Histogram
}

var _ http.RoundTripper = &Transport{}

// NewTransport wraps base, or http.DefaultTransport when base is nil.
func NewTransport(base http.RoundTripper, requestBytes Int64Counter, latency Float64Histogram) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	return &Transport{rt: base, requestBytesCounter: requestBytes, latencyMeasure: latency}
}

// RoundTrip hands the request to the base RoundTripper with its body wrapped
// to count the bytes sent. The base transport writes the body from its own
// connection goroutine and may still be doing so when it returns the
// response.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	requestStartTime := time.Now()
	ctx := r.Context()

	r = r.Clone(ctx) // a RoundTripper must not modify the caller's request

	// use a body wrapper to determine the request size
	var bw bodyWrapper
	// a nil body or http.NoBody is left alone: wrapping it would change its
	// identity, which the base transport checks
	if r.Body != nil && r.Body != http.NoBody {
		bw.ReadCloser = r.Body
		// noop to prevent nil panic. not using this record fun yet.
		bw.record = func(int64) {}
		r.Body = &bw
	}

	res, err := t.rt.RoundTrip(r)
	if err != nil {
		return res, err
	}

	t.requestBytesCounter.Add(ctx, bw.read)

	// floating point division for higher precision than Millisecond
	elapsedTime := float64(time.Since(requestStartTime)) / float64(time.Millisecond)
	t.latencyMeasure.Record(ctx, elapsedTime)

	return res, err
}
