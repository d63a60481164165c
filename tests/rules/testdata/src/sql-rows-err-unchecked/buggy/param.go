package buggy

import "database/sql"

// shape: rows received as a parameter and iterated to the end; the only caller never checks
// the error either
func sum(rows *sql.Rows) int {
	total := 0
	for rows.Next() { // want "sql-rows-err-unchecked: rows\.Err\(\)"
		var v int
		if rows.Scan(&v) == nil {
			total += v
		}
	}
	return total
}

func Total(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT amount FROM orders")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	return sum(rows), nil
}

// shape: the helper closes the rows it is handed, so their error is its to check
func Labels(rows *sql.Rows) []string {
	defer rows.Close()
	var out []string
	for rows.Next() { // want "sql-rows-err-unchecked: rows\.Err\(\)"
		var n string
		if rows.Scan(&n) == nil {
			out = append(out, n)
		}
	}
	return out
}
