package fixed

import "database/sql"

// shape: deferred Close covers the early match
func Exists(tx *sql.Tx, name string) (bool, error) {
	rows, err := tx.Query("SELECT 1 FROM users WHERE name = ?", name)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		return true, nil
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	return false, nil
}
