package buggy

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

// shape: one deferred Close for a variable given a second result set: the defer closes the first only
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
	rows, err = db.QueryContext(ctx, "select n_live_tup from pg_stat_user_tables where schemaname = $1 and relname = $2", schema, table) // want "sql-rows-not-closed: `rows` is given a new value here, but the deferred `rows.Close..` .line 22. closes the value `rows` held when the defer ran"
	if err != nil {
		return 0, err
	}
	if err := scanOne(rows, &n); err != nil {
		return 0, err
	}
	return n, nil
}
