package executor

import (
	"context"
	"errors"
	"sync"
	"time"
)

type Pod struct{ ID string }

type Driver interface {
	GetPod(ctx context.Context, id string) (*Pod, error)
}

type runningTask struct {
	podID string
	done  bool
}

type Executor struct {
	runningTasksLock sync.Mutex
	runningTasks     map[string]*runningTask
	driver           Driver
}

var errNoPod = errors.New("pod not found")

func NewExecutor(d Driver) *Executor {
	e := &Executor{runningTasks: make(map[string]*runningTask), driver: d}
	return e
}

func (e *Executor) Run(ctx context.Context) {
	go e.tasksUpdaterLoop(ctx)
}

func (e *Executor) tasksUpdaterLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
		e.tasksUpdater(ctx)
	}
}

func (e *Executor) tasksUpdater(ctx context.Context) {
	for id := range e.taskIDs() {
		e.runningTasksLock.Lock()
		rt, ok := e.runningTasks[id]
		if !ok {
			e.runningTasksLock.Unlock()
			continue
		}
		pod, err := e.driver.GetPod(ctx, rt.podID)
		if err != nil {
			continue
		}
		rt.done = pod == nil
		e.runningTasksLock.Unlock()
	}
}

func (e *Executor) taskIDs() map[string]struct{} {
	e.runningTasksLock.Lock()
	defer e.runningTasksLock.Unlock()
	ids := make(map[string]struct{}, len(e.runningTasks))
	for id := range e.runningTasks {
		ids[id] = struct{}{}
	}
	return ids
}
