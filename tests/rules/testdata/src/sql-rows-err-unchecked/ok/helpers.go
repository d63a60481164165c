package ok

import "database/sql"

// The caller opened the rows, closes them and checks their error after the helper returns.
func addTags(tags map[string]bool, rows *sql.Rows) error {
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return err
		}
		tags[t] = true
	}
	return nil
}

func LoadTags(db *sql.DB) (map[string]bool, error) {
	rows, err := db.Query("SELECT tag FROM tags")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tags := map[string]bool{}
	if err := addTags(tags, rows); err != nil {
		return nil, err
	}
	return tags, rows.Err()
}

// ScanIDs is handed rows it does not close: whoever opened them, in another package, checks
// their error.
func ScanIDs(rows *sql.Rows, into *[]int64) error {
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		*into = append(*into, id)
	}
	return nil
}
