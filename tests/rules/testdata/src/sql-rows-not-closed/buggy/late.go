package buggy

import "database/sql"

type column struct{ name, kind string }

// A row that fails to scan returns before the close is deferred.
func columns(db *sql.DB, table string) ([]column, error) {
	rows, err := db.Query("SELECT name, kind FROM columns WHERE tbl = ?", table)
	if err != nil {
		return nil, err
	}
	var out []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.kind); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	defer rows.Close() // want "sql-rows-not-closed: `defer rows.Close..` comes too late"
	return out, rows.Err()
}
