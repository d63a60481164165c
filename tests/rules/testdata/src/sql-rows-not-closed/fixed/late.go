package fixed

import "database/sql"

type column struct{ name, kind string }

func columns(db *sql.DB, table string) ([]column, error) {
	rows, err := db.Query("SELECT name, kind FROM columns WHERE tbl = ?", table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.kind); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
