package postgres

import (
	"example.com/grafana-pr35510/sqleng"
)

// NewExecutor builds the query runner of one Postgres data source; its
// single macro engine is shared by all requests and all their queries.
func NewExecutor(timescaledb bool, run func(sql string) error) *sqleng.DataPlugin {
	return sqleng.NewDataPlugin(newPostgresMacroEngine(timescaledb), run)
}
