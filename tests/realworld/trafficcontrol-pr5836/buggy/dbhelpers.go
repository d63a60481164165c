package deliveryservice

import "database/sql"

// commitIf commits the transaction if *doCommit is set, and rolls it back
// otherwise.
func commitIf(tx *sql.Tx, doCommit *bool) {
	if *doCommit {
		_ = tx.Commit()
		return
	}
	_ = tx.Rollback()
}

// cdnDSes returns the names of the CDN's delivery services.
func cdnDSes(tx *sql.Tx, cdn CDNName) (map[string]struct{}, error) {
	rows, err := tx.Query(`SELECT ds.xml_id FROM deliveryservice ds JOIN cdn ON ds.cdn_id = cdn.id WHERE cdn.name = $1`, cdn)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	dses := map[string]struct{}{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		dses[name] = struct{}{}
	}
	return dses, rows.Err()
}
