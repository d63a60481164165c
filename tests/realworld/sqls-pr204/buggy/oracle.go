package database

import (
	"context"
	"database/sql"
	"log"
)

func oracleOpen(cfg *DBConfig) (*DBConnection, error) {
	return openPool("godror", cfg.DataSourceName)
}

// OracleDBRepository reads schema information from Oracle.
type OracleDBRepository struct {
	Conn *sql.DB
}

// NewOracleDBRepository wraps an open pool.
func NewOracleDBRepository(conn *sql.DB) DBRepository {
	return &OracleDBRepository{Conn: conn}
}

// CurrentSchema returns the session's schema.
func (db *OracleDBRepository) CurrentSchema(ctx context.Context) (string, error) {
	var schema string
	row := db.Conn.QueryRowContext(ctx, "SELECT SYS_CONTEXT('USERENV','CURRENT_SCHEMA') FROM DUAL")
	if err := row.Scan(&schema); err != nil {
		return "", err
	}
	return schema, nil
}

// DescribeDatabaseTableBySchema lists every column of every table owned by schemaName.
func (db *OracleDBRepository) DescribeDatabaseTableBySchema(ctx context.Context, schemaName string) ([]*ColumnDesc, error) {
	rows, err := db.Conn.QueryContext(ctx, `
SELECT OWNER, TABLE_NAME, COLUMN_NAME, DATA_TYPE,
       CASE NULLABLE WHEN 'Y' THEN 'YES' ELSE 'NO' END,
       '1', DATA_DEFAULT, '1'
  FROM SYS.ALL_TAB_COLUMNS
 WHERE OWNER = :1`, schemaName)
	if err != nil {
		log.Println("schema", schemaName, err.Error())
		return nil, err
	}
	tableInfos := []*ColumnDesc{}
	for rows.Next() {
		var c ColumnDesc
		err := rows.Scan(&c.Schema, &c.Table, &c.Name, &c.Type, &c.Null, &c.Key, &c.Default, &c.Extra)
		if err != nil {
			return nil, err
		}
		tableInfos = append(tableInfos, &c)
	}
	defer rows.Close()
	return tableInfos, nil
}
