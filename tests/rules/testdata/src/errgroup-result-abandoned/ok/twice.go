package ok

import "sync"

type shardResult struct {
	shard int
	rows  int
	err   error
}

// shape: the worker sends the error and moves on to the next shard; the collector drains to the end
func queryShards(shards []int, run func(int) (int, error)) ([]int, error) {
	work := make(chan int)
	results := make(chan shardResult)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range work {
				rows, err := run(s)
				if err != nil {
					results <- shardResult{shard: s, err: err}
					continue
				}
				results <- shardResult{shard: s, rows: rows}
			}
		}()
	}
	go func() {
		for _, s := range shards {
			work <- s
		}
		close(work)
		wg.Wait()
		close(results)
	}()
	rows := make([]int, len(shards))
	var first error
	for r := range results {
		if r.err != nil {
			if first == nil {
				first = r.err
			}
			continue
		}
		rows[r.shard] = r.rows
	}
	return rows, first
}
