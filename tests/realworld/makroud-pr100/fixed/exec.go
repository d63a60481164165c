package makroud

import (
	"context"
	"database/sql"
)

type Driver interface {
	QueryContext(ctx context.Context, query string, args ...interface{}) (*sql.Rows, error)
}

func Exec(ctx context.Context, driver Driver, query string, dest *[]int64) error {
	rows, err := driver.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return err
	}
	_ = columns
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		*dest = append(*dest, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}
