package fixed

import (
	"context"
	"sync"
)

type shardResult struct {
	shard int
	rows  int
	err   error
}

// shape: a worker sends the error, falls through to a second send; the collector returns on the first error
func queryShards(ctx context.Context, shards []int, run func(int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan int)
	results := make(chan shardResult)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range work {
				rows, err := run(s)
				select {
				case results <- shardResult{shard: s, rows: rows, err: err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(results)
		defer wg.Wait()
		defer close(work)
		for _, s := range shards {
			select {
			case work <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	rows := make([]int, len(shards))
	for r := range results {
		if r.err != nil {
			return nil, r.err
		}
		rows[r.shard] = r.rows
	}
	return rows, nil
}
