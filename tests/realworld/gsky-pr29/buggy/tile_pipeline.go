package processor

import (
	"context"
	"errors"
	"time"
)

type GeoTileRequest struct {
	Collection string
	Timeout    time.Duration
}

type TilePipeline struct {
	Context context.Context
	MASAddr string
	Error   chan error
}

func (dp *TilePipeline) lookup(ctx context.Context, req *GeoTileRequest) ([]string, error) {
	if req.Collection == "" {
		return nil, errors.New("no collection")
	}
	return []string{req.Collection + "/a.nc"}, nil
}

func (dp *TilePipeline) Process(req *GeoTileRequest) ([]string, error) {
	ctx, ctxCancel := context.WithTimeout(dp.Context, req.Timeout)
	files, err := dp.lookup(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make(chan string, len(files))
	go func() {
		defer close(out)
		for _, f := range files {
			select {
			case out <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	var res []string
	for f := range out {
		res = append(res, f)
	}
	ctxCancel()
	return res, nil
}
