package cron

import (
	"sort"
	"time"
)

type Entry struct {
	Next time.Time
	Job  func()
	every time.Duration
}

type Cron struct {
	entries  []*Entry
	stop     chan struct{}
	add      chan *Entry
	snapshot chan []*Entry
	running  bool
}

func New() *Cron {
	return &Cron{stop: make(chan struct{}), add: make(chan *Entry), snapshot: make(chan []*Entry)}
}

func (c *Cron) Start() {
	c.running = true
	go c.run()
}

func (c *Cron) run() {
	now := time.Now()
	for _, e := range c.entries {
		e.Next = now.Add(e.every)
	}
	for {
		sort.Slice(c.entries, func(i, j int) bool { return c.entries[i].Next.Before(c.entries[j].Next) })
		var effective time.Time
		if len(c.entries) == 0 {
			effective = now.AddDate(10, 0, 0)
		} else {
			effective = c.entries[0].Next
		}
		select {
		case now = <-time.After(effective.Sub(now)):
			for _, e := range c.entries {
				if e.Next != effective {
					break
				}
				go e.Job()
				e.Next = e.Next.Add(e.every)
			}
			continue
		case newEntry := <-c.add:
			c.entries = append(c.entries, newEntry)
			newEntry.Next = time.Now().Add(newEntry.every)
		case <-c.snapshot:
			c.snapshot <- c.entries
		case <-c.stop:
			return
		}
		now = time.Now()
	}
}

func (c *Cron) Stop() {
	c.stop <- struct{}{}
	c.running = false
}
