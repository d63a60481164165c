// Package jobs runs the application's periodic jobs on a gocron scheduler and
// reports on them.
package jobs

import (
	"fmt"
	"sync"
	"time"

	gocron "example.com/gocron-pr375"
)

// JobGroup registers jobs on one scheduler.
type JobGroup struct {
	scheduler *gocron.Scheduler

	mu   sync.Mutex
	jobs map[string]*gocron.Job
}

func NewJobGroup() *JobGroup {
	return &JobGroup{
		scheduler: gocron.NewScheduler(),
		jobs:      make(map[string]*gocron.Job),
	}
}

func (g *JobGroup) Start() {
	g.scheduler.StartAsync()
}

func (g *JobGroup) Stop() {
	g.scheduler.Stop()
}

// RegisterJob schedules fn every interval and calls onDone after each run.
func (g *JobGroup) RegisterJob(name string, interval time.Duration, fn func(), onDone func(name string)) error {
	job, err := g.scheduler.Every(interval, func() {
		fn()
		onDone(name)
	})
	if err != nil {
		return err
	}
	g.mu.Lock()
	g.jobs[name] = job
	g.mu.Unlock()
	return nil
}

// JobInfo describes a job's runs. It is called from the jobs' completion
// callbacks, on the executor's goroutines, and from status requests.
func (g *JobGroup) JobInfo(name string) string {
	g.mu.Lock()
	job, ok := g.jobs[name]
	g.mu.Unlock()
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s: ran %d times, last at %s, next at %s",
		name, job.RunCount(), job.LastRun().Format(time.RFC3339), job.NextRun().Format(time.RFC3339))
}
