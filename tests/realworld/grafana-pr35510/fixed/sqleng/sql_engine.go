package sqleng

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// DataTimeRange is the dashboard time range of a request.
type DataTimeRange struct {
	From time.Time
	To   time.Time
}

// DataSubQuery is one panel query; its model is shared with the result
// transformation, which reads the fill settings back from it.
type DataSubQuery struct {
	RefID string
	Model *Json
}

// DataQuery is a request holding several sub-queries.
type DataQuery struct {
	TimeRange *DataTimeRange
	Queries   []DataSubQuery
}

// DataQueryResult is the outcome of one sub-query.
type DataQueryResult struct {
	RefID         string
	ExecutedQuery string
	Error         error
}

// SQLMacroEngine expands the data source specific macros of a query.
type SQLMacroEngine interface {
	Interpolate(query DataSubQuery, timeRange DataTimeRange, sql string) (string, error)
}

// DataPlugin runs the queries of a SQL data source. One plugin, and so one
// macro engine, serves every request made to the data source.
type DataPlugin struct {
	macroEngine SQLMacroEngine
	run         func(sql string) error
}

// NewDataPlugin builds the query runner around the given macro engine.
func NewDataPlugin(macroEngine SQLMacroEngine, run func(sql string) error) *DataPlugin {
	return &DataPlugin{macroEngine: macroEngine, run: run}
}

// DataQuery executes each sub-query in its own goroutine and waits for all.
func (e *DataPlugin) DataQuery(ctx context.Context, queryContext DataQuery) (map[string]DataQueryResult, error) {
	var timeRange DataTimeRange
	if queryContext.TimeRange != nil {
		timeRange = *queryContext.TimeRange
	}

	ch := make(chan DataQueryResult, len(queryContext.Queries))
	var wg sync.WaitGroup
	for _, query := range queryContext.Queries {
		if query.Model.MustString("rawSql", "") == "" {
			continue
		}

		wg.Add(1)
		go func(query DataSubQuery) {
			defer wg.Done()

			result := DataQueryResult{RefID: query.RefID}
			rawSQL := query.Model.MustString("rawSql", "")

			// data source specific substitutions
			rawSQL, err := e.macroEngine.Interpolate(query, timeRange, rawSQL)
			if err != nil {
				result.Error = err
				ch <- result
				return
			}
			result.ExecutedQuery = rawSQL
			if err := e.run(rawSQL); err != nil {
				result.Error = err
			}
			ch <- result
		}(query)
	}

	wg.Wait()
	close(ch)

	results := make(map[string]DataQueryResult)
	for r := range ch {
		results[r.RefID] = r
	}
	return results, ctx.Err()
}

// SetupFillmode records the fill settings of a $__timeGroup macro in the
// query model.
func SetupFillmode(query DataSubQuery, interval time.Duration, fillmode string) error {
	query.Model.Set("fill", true)
	query.Model.Set("fillInterval", interval.Seconds())
	switch fillmode {
	case "NULL":
		query.Model.Set("fillMode", "null")
	case "previous":
		query.Model.Set("fillMode", "previous")
	default:
		query.Model.Set("fillMode", "value")
		value, err := strconv.ParseFloat(fillmode, 64)
		if err != nil {
			return fmt.Errorf("error parsing fill value %v", fillmode)
		}
		query.Model.Set("fillValue", value)
	}
	return nil
}
