package statsd

import (
	"io"
	"time"
)

// ReportBatch is the pattern of the reporter's application: a client is
// created for a unit of work and closed when it is done, many times over the
// life of the process.
func ReportBatch(w io.Writer, jobs []string) error {
	c, err := New(w, Options{Aggregation: true, AggregationFlushInterval: time.Second})
	if err != nil {
		return err
	}
	for _, j := range jobs {
		_ = c.Count("jobs.done", 1, []string{"job:" + j})
	}
	return c.Close()
}
