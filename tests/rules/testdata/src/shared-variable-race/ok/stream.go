package ok

import (
	"context"
	"errors"
	"time"
)

// shape: a download stream with a read deadline of its own, read once at the start of each
// Read; it is no net.Conn and promises nothing about concurrent calls
type DownloadStream struct {
	closed       bool
	readDeadline time.Time
	chunks       [][]byte
}

func (ds *DownloadStream) SetReadDeadline(t time.Time) error {
	if ds.closed {
		return errors.New("closed")
	}
	ds.readDeadline = t
	return nil
}

func (ds *DownloadStream) Read(p []byte) (int, error) {
	if ds.closed {
		return 0, errors.New("closed")
	}
	ctx, cancel := context.WithDeadline(context.Background(), ds.readDeadline)
	defer cancel()
	if len(ds.chunks) == 0 || ctx.Err() != nil {
		return 0, ctx.Err()
	}
	n := copy(p, ds.chunks[0])
	ds.chunks = ds.chunks[1:]
	return n, nil
}

func (ds *DownloadStream) Close() error {
	ds.closed = true
	return nil
}
