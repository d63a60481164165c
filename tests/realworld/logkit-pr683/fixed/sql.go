package sql

import (
	"errors"
	"log"
	"sync/atomic"
	"time"
)

// Reader polls a SQL database and hands the rows to the runner.
type Reader struct {
	// status of the reader as a whole (atomic)
	status int32
	// status of the routine that fetches data (atomic):
	// StatusInit: no task running; StatusRunning: a task is running;
	// StatusStopping: the data channels were closed by the reader's Close
	routineStatus int32

	stopChan chan struct{}
	readChan chan []byte
	errChan  chan error

	loopDuration time.Duration
	query        func() ([][]byte, error)
}

// NewReader returns a reader that runs query every loopDuration.
func NewReader(loopDuration time.Duration, query func() ([][]byte, error)) *Reader {
	return &Reader{
		status:        StatusInit,
		routineStatus: StatusInit,
		stopChan:      make(chan struct{}),
		readChan:      make(chan []byte),
		errChan:       make(chan error),
		loopDuration:  loopDuration,
		query:         query,
	}
}

func (r *Reader) isStopping() bool {
	return atomic.LoadInt32(&r.status) == StatusStopping
}

func (r *Reader) hasStopped() bool {
	return atomic.LoadInt32(&r.status) == StatusStopped
}

// Start launches the polling loop.
func (r *Reader) Start() error {
	if r.isStopping() || r.hasStopped() {
		return errors.New("reader is stopping or has stopped")
	} else if !atomic.CompareAndSwapInt32(&r.status, StatusInit, StatusRunning) {
		return nil
	}
	go func() {
		ticker := time.NewTicker(r.loopDuration)
		defer ticker.Stop()
		for {
			r.run()
			select {
			case <-r.stopChan:
				atomic.StoreInt32(&r.status, StatusStopped)
				return
			case <-ticker.C:
			}
		}
	}()
	return nil
}

// ReadLine returns the next row, or "" after a second without data.
func (r *Reader) ReadLine() (string, error) {
	timer := time.NewTimer(time.Second)
	defer timer.Stop()
	select {
	case data := <-r.readChan:
		return string(data), nil
	case err := <-r.errChan:
		return "", err
	case <-timer.C:
	}
	return "", nil
}

// Close stops the reader. The data channels are closed here when no task is
// running, otherwise the running task closes them when it ends.
func (r *Reader) Close() error {
	if !atomic.CompareAndSwapInt32(&r.status, StatusRunning, StatusStopping) {
		return nil
	}
	close(r.stopChan)

	if atomic.CompareAndSwapInt32(&r.routineStatus, StatusInit, StatusStopping) {
		close(r.readChan)
		close(r.errChan)
	}
	return nil
}

func (r *Reader) run() {
	// only one task may run at a time
	if !atomic.CompareAndSwapInt32(&r.routineStatus, StatusInit, StatusRunning) {
		return
	}
	defer func() {
		// if the reader was closed while this task ran, the task closes the data channels
		if r.isStopping() || r.hasStopped() {
			if atomic.CompareAndSwapInt32(&r.routineStatus, StatusRunning, StatusStopping) {
				close(r.readChan)
				close(r.errChan)
			}
			return
		}
		atomic.StoreInt32(&r.routineStatus, StatusInit)
	}()

	if r.isStopping() || r.hasStopped() {
		return
	}
	if err := r.exec(); err != nil {
		log.Printf("sql reader task failed: %v", err)
	}
}

func (r *Reader) exec() error {
	rows, err := r.query()
	if err != nil {
		return err
	}
	for _, row := range rows {
		if r.isStopping() || r.hasStopped() {
			return nil
		}
		r.readChan <- row
	}
	return nil
}
