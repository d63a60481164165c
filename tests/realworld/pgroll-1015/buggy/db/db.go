package db

import (
	"context"
	"database/sql"
)

// DB is the connection the backfill runs its queries on.
type DB interface {
	QueryContext(ctx context.Context, query string, args ...interface{}) (*sql.Rows, error)
}

// ScanFirstValue reads the single value of a one-row result. It reads one row
// only, so the result set stays open until the caller closes it.
func ScanFirstValue[T any](rows *sql.Rows, dest *T) error {
	if rows.Next() {
		if err := rows.Scan(dest); err != nil {
			return err
		}
	}
	return rows.Err()
}
