package fixed

import "database/sql"

// shape: the error is returned with the sum
func Sum(rows *sql.Rows) (int, error) {
	total := 0
	for rows.Next() {
		var v int
		if rows.Scan(&v) == nil {
			total += v
		}
	}
	return total, rows.Err()
}
