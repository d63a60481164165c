package gocron

import (
	"context"
	"sync"
	"time"
)

// Job holds what the scheduler needs to run one job.
type Job struct {
	mu *jobMutex
	jobFunction
	duration time.Duration // time between runs
	lastRun  time.Time     // when the job last ran
	nextRun  time.Time     // when the job runs next
	runCount int           // how many times the job has run
	timer    *time.Timer   // fires the next run
}

type jobFunction struct {
	function   interface{}        // the task
	parameters []interface{}      // the task's arguments
	name       string             // the task's name
	runConfig  runConfig          // how many times to run the job
	ctx        context.Context    // for cancellation
	cancel     context.CancelFunc // for cancellation
}

type jobMutex struct {
	sync.RWMutex
}

type runConfig struct {
	finiteRuns bool
	maxRuns    int
}

func (jf *jobFunction) copy() jobFunction {
	cp := *jf
	cp.parameters = append([]interface{}(nil), jf.parameters...)
	return cp
}

func newJob(d time.Duration) *Job {
	ctx, cancel := context.WithCancel(context.Background())
	return &Job{
		mu:       &jobMutex{},
		duration: d,
		jobFunction: jobFunction{
			ctx:    ctx,
			cancel: cancel,
		},
	}
}

func (j *Job) neverRan() bool {
	return j.LastRun().IsZero()
}

func (j *Job) setTimer(t *time.Timer) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.timer = t
}

func (j *Job) getDuration() time.Duration {
	j.mu.RLock()
	defer j.mu.RUnlock()
	return j.duration
}

// LimitRunsTo stops scheduling the job after n runs.
func (j *Job) LimitRunsTo(n int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.runConfig.finiteRuns = true
	j.runConfig.maxRuns = n
}

// shouldRun reports whether the run limit still allows another run.
func (j *Job) shouldRun() bool {
	j.mu.RLock()
	defer j.mu.RUnlock()
	return !j.runConfig.finiteRuns || j.runCount < j.runConfig.maxRuns
}

// LastRun returns when the job last ran.
func (j *Job) LastRun() time.Time {
	j.mu.RLock()
	defer j.mu.RUnlock()
	return j.lastRun
}

// setLastRun is called with the job locked.
func (j *Job) setLastRun(t time.Time) {
	j.lastRun = t
}

// NextRun returns when the job runs next.
func (j *Job) NextRun() time.Time {
	j.mu.RLock()
	defer j.mu.RUnlock()
	return j.nextRun
}

func (j *Job) setNextRun(t time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.nextRun = t
}

// RunCount returns how many times the job has run so far.
func (j *Job) RunCount() int {
	return j.runCount
}

func (j *Job) stop() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.timer != nil {
		j.timer.Stop()
	}
	if j.cancel != nil {
		j.cancel()
	}
}
