package inputs

import (
	"database/sql"
	"sync"
)

type query struct {
	Name string
	Run  string
}

func runQuery(db *sql.DB, q query, out chan<- map[string]interface{}) error {
	rows, err := db.Query(q.Run)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]interface{}, len(cols))
	ptrs := make([]interface{}, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		sample := map[string]interface{}{"query": q.Name}
		for i, c := range cols {
			sample[c] = vals[i]
		}
		out <- sample
	}
	return rows.Err()
}

func processQueries(db *sql.DB, queries []query, async bool) []map[string]interface{} {
	out := make(chan map[string]interface{}, 1000)
	var wg sync.WaitGroup
	for _, q := range queries {
		if async {
			wg.Add(1)
			go func(q query) {
				defer wg.Done()
				_ = runQuery(db, q, out)
			}(q)
		} else {
			_ = runQuery(db, q, out)
		}
	}
	wg.Wait()
	close(out)
	var samples []map[string]interface{}
	for s := range out {
		samples = append(samples, s)
	}
	return samples
}
