package store

import (
	"context"
	"fmt"
)

// SeriesResponse is one frame of a Series stream.
type SeriesResponse struct {
	Series  string
	Warning string
}

// SeriesClient is the receiving side of a Series gRPC stream; Recv fails
// once the stream's context is cancelled.
type SeriesClient interface {
	Recv() (*SeriesResponse, error)
}

// Client is a StoreAPI endpoint the proxy fans a query out to.
type Client interface {
	Series(ctx context.Context) (SeriesClient, error)
	String() string
}

func newWarnSeriesResponse(err error) *SeriesResponse {
	return &SeriesResponse{Warning: err.Error()}
}

func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, err)...)
}
