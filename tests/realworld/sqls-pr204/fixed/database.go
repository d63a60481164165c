// Package database reads schema information from the connected database to
// feed the language server's completion cache.
package database

import (
	"context"
	"database/sql"
)

// Pool limits shared by every driver.
const (
	DefaultMaxIdleConns = 10
	DefaultMaxOpenConns = 5
)

// ColumnDesc describes one column of one table.
type ColumnDesc struct {
	Schema  string
	Table   string
	Name    string
	Type    string
	Null    string
	Key     string
	Default sql.NullString
	Extra   string
}

// DBRepository is implemented once per database driver.
type DBRepository interface {
	CurrentSchema(ctx context.Context) (string, error)
	DescribeDatabaseTableBySchema(ctx context.Context, schemaName string) ([]*ColumnDesc, error)
}

// DBConfig names the database to connect to.
type DBConfig struct {
	Driver         string
	DataSourceName string
}

// DBConnection is an open pool and the driver it talks to.
type DBConnection struct {
	Conn   *sql.DB
	Driver string
}

func openPool(driver, dsn string) (*DBConnection, error) {
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, err
	}
	conn.SetMaxIdleConns(DefaultMaxIdleConns)
	conn.SetMaxOpenConns(DefaultMaxOpenConns)
	return &DBConnection{Conn: conn, Driver: driver}, nil
}
