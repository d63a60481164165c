package main

import (
	"log"
	"strings"
	"sync"
	"time"
)

const runningJobWorkers = 3

var pollInterval = 5 * time.Second

type jobID string

func hadoopIDs(id string) (string, jobID) {
	app := strings.Replace(id, "job_", "application_", 1)
	job := strings.Replace(id, "application_", "job_", 1)
	return app, jobID(job)
}

type jobDetail struct {
	ID    string
	State string
}

type job struct {
	Details jobDetail
	running bool
	updated time.Time
}

type jobTracker struct {
	jobs     map[jobID]*job
	jobsLock sync.Mutex
	running  chan *job
	updates  chan *job

	// listJobs stands in for the resource manager's list of running apps.
	listJobs func() ([]jobDetail, error)
}

func newJobTracker(list func() ([]jobDetail, error)) *jobTracker {
	return &jobTracker{
		jobs:     make(map[jobID]*job),
		running:  make(chan *job),
		updates:  make(chan *job),
		listJobs: list,
	}
}

func (jt *jobTracker) Loop() {
	go jt.runningJobLoop()
	go jt.cleanupLoop()
}

func (jt *jobTracker) runningJobLoop() {
	for x := 1; x <= runningJobWorkers; x++ {
		go func() {
			for j := range jt.running {
				jt.saveJob(j)
				jt.updates <- j
			}
		}()
	}

	for range time.Tick(pollInterval) {
		running, err := jt.listJobs()
		if err != nil {
			log.Println("Error listing running jobs:", err)
			continue
		}

		jt.jobsLock.Lock()
		log.Println("Jobs in cache:", len(jt.jobs))

		// Jobs that stopped being updated have vanished from the RM: mark
		// them GONE and forget them.
		for id, j := range jt.jobs {
			if j.running && time.Since(j.updated) > 30*pollInterval {
				log.Printf("%s has not been updated in thirty ticks. Removing.", id)
				j.Details.State = "GONE"
				jt.updates <- j
				delete(jt.jobs, id)
			}
		}
		jt.jobsLock.Unlock()

		for i := range running {
			jt.running <- &job{Details: running[i], running: true, updated: time.Now()}
		}
	}
}

func (jt *jobTracker) cleanupLoop() {
	for range time.Tick(60 * time.Second) {
		jt.jobsLock.Lock()
		for id, j := range jt.jobs {
			if j.Details.State == "SUCCEEDED" && len(jt.jobs) > 5000 {
				delete(jt.jobs, id)
			}
		}
		jt.jobsLock.Unlock()
	}
}

func (jt *jobTracker) deleteJob(id string) {
	_, jid := hadoopIDs(id)

	jt.jobsLock.Lock()
	defer jt.jobsLock.Unlock()

	delete(jt.jobs, jid)
}

func (jt *jobTracker) saveJob(j *job) {
	_, jid := hadoopIDs(j.Details.ID)

	jt.jobsLock.Lock()
	defer jt.jobsLock.Unlock()

	jt.jobs[jid] = j
}
