package main

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"time"
)

// This file stands in for gopeed's pkg/download: a builder that creates a
// task and downloads it in the background, reporting to a listener.

type EventKey string

const (
	EventKeyProgress EventKey = "progress"
	EventKeyFinally  EventKey = "finally"
)

type Progress struct {
	Downloaded int64
	Speed      int64
}

type Task struct {
	Progress *Progress
	Size     int64
}

type Event struct {
	Key  EventKey
	Task *Task
	Err  error
}

type Listener func(event *Event)

type Options struct {
	Path        string
	Connections int
}

type Downloader struct {
	listener Listener
}

func (d *Downloader) emit(key EventKey, task *Task, err error) {
	if d.listener != nil {
		d.listener(&Event{Key: key, Task: task, Err: err})
	}
}

type bootBuilder struct {
	url      string
	listener Listener
}

func Boot() *bootBuilder { return &bootBuilder{} }

func (b *bootBuilder) URL(url string) *bootBuilder {
	b.url = url
	return b
}

func (b *bootBuilder) Listener(fn Listener) *bootBuilder {
	b.listener = fn
	return b
}

// Create registers the task and returns at once; the transfer runs in its
// own goroutine, which reports progress and finally the end of the task.
func (b *bootBuilder) Create(opts *Options) (string, error) {
	if b.url == "" {
		return "", errors.New("no url")
	}
	d := &Downloader{listener: b.listener}
	task := &Task{Progress: &Progress{}}
	go d.run(task, b.url, opts)
	return b.url, nil
}

func (d *Downloader) run(task *Task, url string, opts *Options) {
	err := d.fetch(task, url, opts)
	d.emit(EventKeyFinally, task, err)
}

func (d *Downloader) fetch(task *Task, url string, opts *Options) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	task.Size = resp.ContentLength

	out, err := os.Create(filepath.Join(opts.Path, path.Base(resp.Request.URL.Path)))
	if err != nil {
		return err
	}
	defer out.Close()

	buf := make([]byte, 32*1024)
	start := time.Now()
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if _, werr := out.Write(buf[:n]); werr != nil {
				return werr
			}
			task.Progress.Downloaded += int64(n)
			if secs := time.Since(start).Seconds(); secs > 0 {
				task.Progress.Speed = int64(float64(task.Progress.Downloaded) / secs)
			}
			d.emit(EventKeyProgress, task, nil)
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			return rerr
		}
	}
}
