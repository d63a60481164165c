package buggy

import (
	"context"
	"errors"
	"strings"
)

// Row is one report line.
type Row struct {
	Region string
	Total  int
}

// Reports builds reports from a query function (the database in production).
type Reports struct {
	Query func(ctx context.Context, region string) ([]Row, error)
}

// shape: errgroup-style sender with a bare send, the collector gives up on ctx.Done
func (r *Reports) Build(ctx context.Context, region string) ([]Row, error) {
	var g Group
	out := make(chan []Row)
	g.Go(func() error {
		rows, err := r.Query(ctx, region)
		if err != nil {
			return err
		}
		out <- rows // want "chan-wait-ignores-cancel: blocks forever and leaks"
		return nil
	})
	select {
	case rows := <-out:
		return rows, g.Wait()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

var errNoRegion = errors.New("no region")

func regionOf(name string) (string, error) {
	if i := strings.IndexByte(name, '/'); i > 0 {
		return name[:i], nil
	}
	return "", errNoRegion
}
