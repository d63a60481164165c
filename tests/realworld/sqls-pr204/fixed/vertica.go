package database

import (
	"context"
	"database/sql"
	"log"
)

func verticaOpen(cfg *DBConfig) (*DBConnection, error) {
	return openPool("vertica", cfg.DataSourceName)
}

// VerticaDBRepository reads schema information from Vertica.
type VerticaDBRepository struct {
	Conn *sql.DB
}

// NewVerticaDBRepository wraps an open pool.
func NewVerticaDBRepository(conn *sql.DB) DBRepository {
	return &VerticaDBRepository{Conn: conn}
}

// CurrentSchema returns the session's schema.
func (db *VerticaDBRepository) CurrentSchema(ctx context.Context) (string, error) {
	var schema string
	if err := db.Conn.QueryRowContext(ctx, "SELECT CURRENT_SCHEMA()").Scan(&schema); err != nil {
		return "", err
	}
	return schema, nil
}

// DescribeDatabaseTableBySchema lists every column of every table in schemaName.
func (db *VerticaDBRepository) DescribeDatabaseTableBySchema(ctx context.Context, schemaName string) ([]*ColumnDesc, error) {
	rows, err := db.Conn.QueryContext(ctx, `
SELECT table_schema, table_name, column_name, data_type,
       CASE is_nullable WHEN true THEN 'YES' ELSE 'NO' END,
       '1', column_default, '1'
  FROM v_catalog.columns
 WHERE table_schema = ?`, schemaName)
	if err != nil {
		log.Println("schema", schemaName, err.Error())
		return nil, err
	}
	defer rows.Close()
	tableInfos := []*ColumnDesc{}
	for rows.Next() {
		var c ColumnDesc
		err := rows.Scan(&c.Schema, &c.Table, &c.Name, &c.Type, &c.Null, &c.Key, &c.Default, &c.Extra)
		if err != nil {
			return nil, err
		}
		tableInfos = append(tableInfos, &c)
	}
	return tableInfos, nil
}
