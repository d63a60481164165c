package ok

import "database/sql"

// shape: the rows are returned to the caller, who closes them
func Query(db *sql.DB) (*sql.Rows, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// shape: handed to a helper that owns them
func Each(db *sql.DB, f func(*sql.Rows) error) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	return consume(rows, f)
}

func consume(rows *sql.Rows, f func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// shape: closed in a deferred closure that also records the error
func First(db *sql.DB) (n int, err error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	if rows.Next() {
		err = rows.Scan(&n)
	}
	return n, err
}
