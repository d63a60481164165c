package buggy

import "database/sql"

// shape: the loop ends, the error is never asked for
func Names(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT name FROM users")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() { // want "sql-rows-err-unchecked: rows\.Err\(\)"
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// shape: a function returning only error
func Visit(db *sql.DB, f func(int)) error {
	rows, err := db.Query("SELECT id FROM users")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() { // want "sql-rows-err-unchecked: rows\.Err\(\)"
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		f(id)
	}
	return nil
}
