package buggy

import "sync"

type shardResult struct {
	shard int
	rows  int
	err   error
}

// shape: a worker sends the error, falls through to a second send; the collector returns on the first error
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
					results <- shardResult{shard: s, err: err} // want "errgroup-result-abandoned: falls through to a second send"
				}
				results <- shardResult{shard: s, rows: rows, err: err}
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
	for r := range results {
		if r.err != nil {
			return nil, r.err
		}
		rows[r.shard] = r.rows
	}
	return rows, nil
}
