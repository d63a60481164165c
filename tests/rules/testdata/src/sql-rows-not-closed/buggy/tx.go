package buggy

import "database/sql"

// shape: a query in a transaction that returns on the first match
func Exists(tx *sql.Tx, name string) (bool, error) {
	rows, err := tx.Query("SELECT 1 FROM users WHERE name = ?", name) // want "sql-rows-not-closed: connection checked out of the pool"
	if err != nil {
		return false, err
	}
	for rows.Next() {
		return true, nil
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	rows.Close()
	return false, nil
}
