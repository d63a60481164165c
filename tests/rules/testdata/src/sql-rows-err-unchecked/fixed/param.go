package fixed

import "database/sql"

// shape: the error is returned with the sum
func sum(rows *sql.Rows) (int, error) {
	total := 0
	for rows.Next() {
		var v int
		if rows.Scan(&v) == nil {
			total += v
		}
	}
	return total, rows.Err()
}

func Total(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT amount FROM orders")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	return sum(rows)
}

func Labels(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			out = append(out, n)
		}
	}
	return out, rows.Err()
}
