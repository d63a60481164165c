package ok

import "database/sql"

// shape: Err checked in the return statement
func Count(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// shape: the rows go to a helper that checks
func Each(rows *sql.Rows, f func()) error {
	for rows.Next() {
		f()
	}
	return finish(rows)
}

func finish(rows *sql.Rows) error {
	return rows.Err()
}

type iter interface{ Next() bool }

// shape: a Next loop over something that is not sql.Rows
func Drain(it iter) int {
	n := 0
	for it.Next() {
		n++
	}
	return n
}
