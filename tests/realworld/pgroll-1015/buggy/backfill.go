package backfill

import (
	"context"
	"fmt"

	"example.com/pgroll-1015/db"
)

type Backfill struct {
	conn      db.DB
	batchSize int
	callbacks []func(done, total int64)
}

func New(conn db.DB, batchSize int) *Backfill {
	return &Backfill{conn: conn, batchSize: batchSize}
}

// Start reports progress against the table's row count while it backfills.
func (bf *Backfill) Start(ctx context.Context, table string) error {
	total, err := getRowCount(ctx, bf.conn, table)
	if err != nil {
		return fmt.Errorf("get row count for %q: %w", table, err)
	}
	for _, cb := range bf.callbacks {
		cb(0, total)
	}
	return nil
}

// getRowCount asks for the planner's estimate of the table's size and falls
// back to a full count when the estimate is zero.
func getRowCount(ctx context.Context, conn db.DB, table string) (int64, error) {
	var schema string
	rows, err := conn.QueryContext(ctx, "select current_schema()")
	if err != nil {
		return 0, fmt.Errorf("getting current schema: %w", err)
	}
	defer rows.Close()

	if err := db.ScanFirstValue(rows, &schema); err != nil {
		return 0, fmt.Errorf("scanning current schema: %w", err)
	}

	var total int64
	rows, err = conn.QueryContext(ctx,
		"SELECT n_live_tup FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2",
		schema, table)
	if err != nil {
		return 0, fmt.Errorf("getting row count estimate for %q: %w", table, err)
	}
	if err := db.ScanFirstValue(rows, &total); err != nil {
		return 0, fmt.Errorf("scanning row count estimate for %q: %w", table, err)
	}
	if total > 0 {
		return total, nil
	}

	rows, err = conn.QueryContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s", table))
	if err != nil {
		return 0, fmt.Errorf("getting row count for %q: %w", table, err)
	}
	if err := db.ScanFirstValue(rows, &total); err != nil {
		return 0, fmt.Errorf("scanning row count for %q: %w", table, err)
	}
	return total, nil
}
