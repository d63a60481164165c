package buggy

import "database/sql"

// shape: rows received as a parameter and iterated to the end
func Sum(rows *sql.Rows) int {
	total := 0
	for rows.Next() { // want "sql-rows-err-unchecked: rows\.Err\(\)"
		var v int
		if rows.Scan(&v) == nil {
			total += v
		}
	}
	return total
}
