package buggy

import (
	"context"
	"database/sql"
)

// Querier is what the package runs its queries through.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...interface{}) (*sql.Rows, error)
}

// shape: rows from the package's own query interface, closed only at the end
func IDs(ctx context.Context, q Querier, query string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query) // want "sql-rows-not-closed: returns at line 20"
	if err != nil {
		return nil, err
	}
	if _, err := rows.Columns(); err != nil {
		return nil, err
	}
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}
