package queryrange

import (
	"context"
	"sync"
)

type DownstreamQuery struct{ Shard int }

type Result struct{ Rows int }

type resp struct {
	i   int
	res Result
	err error
}

func instanceFor(ctx context.Context, queries []DownstreamQuery, parallelism int, fn func(DownstreamQuery) (Result, error)) ([]Result, error) {
	ch := make(chan DownstreamQuery)
	respCh := make(chan resp)
	var wg sync.WaitGroup
	for i := 0; i < parallelism; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range ch {
				res, err := fn(q)
				if err != nil {
					respCh <- resp{i: q.Shard, err: err}
				}
				respCh <- resp{i: q.Shard, res: res, err: err}
			}
		}()
	}
	go func() {
		for _, q := range queries {
			ch <- q
		}
		close(ch)
		wg.Wait()
		close(respCh)
	}()

	results := make([]Result, len(queries))
	for r := range respCh {
		if r.err != nil {
			return nil, r.err
		}
		results[r.i] = r.res
	}
	return results, nil
}
