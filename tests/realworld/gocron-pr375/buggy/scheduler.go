package gocron

import (
	"errors"
	"reflect"
	"sync"
	"time"
)

var ErrNotAFunction = errors.New("only functions can be scheduled into the job queue")

// Scheduler keeps the jobs and runs each of them on its own timer.
type Scheduler struct {
	jobsMutex sync.RWMutex
	jobs      []*Job

	runningMutex sync.RWMutex
	running      bool

	timer    func(d time.Duration, f func()) *time.Timer
	executor *executor
}

// NewScheduler returns a scheduler that is not yet started.
func NewScheduler() *Scheduler {
	executor := newExecutor()
	return &Scheduler{
		jobs:     make([]*Job, 0),
		timer:    time.AfterFunc,
		executor: &executor,
	}
}

// StartAsync starts the scheduler without blocking the caller.
func (s *Scheduler) StartAsync() {
	if !s.IsRunning() {
		s.start()
	}
}

func (s *Scheduler) start() {
	go s.executor.start()
	s.setRunning(true)
	for _, job := range s.Jobs() {
		s.runContinuous(job)
	}
}

func (s *Scheduler) setRunning(b bool) {
	s.runningMutex.Lock()
	defer s.runningMutex.Unlock()
	s.running = b
}

// IsRunning reports whether the scheduler is started.
func (s *Scheduler) IsRunning() bool {
	s.runningMutex.RLock()
	defer s.runningMutex.RUnlock()
	return s.running
}

// Jobs returns the scheduler's jobs.
func (s *Scheduler) Jobs() []*Job {
	s.jobsMutex.RLock()
	defer s.jobsMutex.RUnlock()
	return s.jobs
}

func (s *Scheduler) jobPresent(j *Job) bool {
	for _, job := range s.Jobs() {
		if job == j {
			return true
		}
	}
	return false
}

// RemoveByReference removes a job from the scheduler.
func (s *Scheduler) RemoveByReference(j *Job) {
	s.jobsMutex.Lock()
	defer s.jobsMutex.Unlock()
	kept := make([]*Job, 0, len(s.jobs))
	for _, job := range s.jobs {
		if job == j {
			job.stop()
			continue
		}
		kept = append(kept, job)
	}
	s.jobs = kept
}

// Every adds a job that runs every d; Do sets its function.
func (s *Scheduler) Every(d time.Duration, jobFun interface{}, params ...interface{}) (*Job, error) {
	if reflect.TypeOf(jobFun).Kind() != reflect.Func {
		return nil, ErrNotAFunction
	}
	job := newJob(d)
	job.function = jobFun
	job.parameters = params
	job.name = reflect.TypeOf(jobFun).String()

	s.jobsMutex.Lock()
	s.jobs = append(s.jobs, job)
	s.jobsMutex.Unlock()

	if s.IsRunning() {
		s.runContinuous(job)
	}
	return job, nil
}

func (s *Scheduler) scheduleNextRun(job *Job) (bool, time.Duration) {
	if !s.jobPresent(job) {
		return false, 0
	}
	if !job.shouldRun() {
		s.RemoveByReference(job)
		return false, 0
	}
	next := job.getDuration()
	job.setNextRun(time.Now().Add(next))
	return true, next
}

// run hands the job's function to the executor and counts the run.
func (s *Scheduler) run(job *Job) {
	if !s.IsRunning() {
		return
	}

	job.mu.Lock()
	defer job.mu.Unlock()

	s.executor.jobFunctions <- job.jobFunction.copy()
	job.setLastRun(time.Now())
	job.runCount++
}

// runContinuous runs the job and arms its timer for the next run; the
// timer's function runs on a goroutine of its own and calls back in here.
func (s *Scheduler) runContinuous(job *Job) {
	shouldRun, next := s.scheduleNextRun(job)
	if !shouldRun {
		return
	}
	s.run(job)
	job.setTimer(s.timer(next, func() {
		s.runContinuous(job)
	}))
}

// RunAll runs every job now, whether it is due or not.
func (s *Scheduler) RunAll() {
	for _, job := range s.Jobs() {
		s.run(job)
	}
}

// Stop stops every job's timer and the executor.
func (s *Scheduler) Stop() {
	if !s.IsRunning() {
		return
	}
	for _, job := range s.Jobs() {
		job.stop()
	}
	s.setRunning(false)
	s.executor.stop()
}
