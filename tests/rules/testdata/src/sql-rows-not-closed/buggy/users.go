package buggy

import (
	"context"
	"database/sql"
)

// shape: rows never closed
func Names(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT name FROM users") // want "sql-rows-not-closed: connection checked out of the pool"
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// shape: closed at the end, but a scan error returns first
func Count(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM users") // want "sql-rows-not-closed: connection checked out of the pool"
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	rows.Close()
	return n, nil
}
