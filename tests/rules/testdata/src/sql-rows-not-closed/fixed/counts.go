package fixed

import (
	"context"
	"database/sql"
)

func scanOne(rows *sql.Rows, v any) error {
	if !rows.Next() {
		return rows.Err()
	}
	return rows.Scan(v)
}

func rowCount(ctx context.Context, db *sql.DB, table string) (int64, error) {
	var schema string
	rows, err := db.QueryContext(ctx, "select current_schema()")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if err := scanOne(rows, &schema); err != nil {
		return 0, err
	}
	var n int64
	rows2, err := db.QueryContext(ctx, "select n_live_tup from pg_stat_user_tables where schemaname = $1 and relname = $2", schema, table)
	if err != nil {
		return 0, err
	}
	defer rows2.Close()
	if err := scanOne(rows2, &n); err != nil {
		return 0, err
	}
	return n, nil
}
