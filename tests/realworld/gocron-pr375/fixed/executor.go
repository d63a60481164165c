package gocron

import (
	"context"
	"reflect"
)

// executor runs the job functions the scheduler hands it.
type executor struct {
	jobFunctions chan jobFunction
	ctx          context.Context
	cancel       context.CancelFunc
}

func newExecutor() executor {
	ctx, cancel := context.WithCancel(context.Background())
	return executor{
		jobFunctions: make(chan jobFunction, 1),
		ctx:          ctx,
		cancel:       cancel,
	}
}

func (e *executor) start() {
	for {
		select {
		case f := <-e.jobFunctions:
			go func() {
				select {
				case <-f.ctx.Done():
					return
				default:
				}
				callJobFuncWithParams(f.function, f.parameters)
			}()
		case <-e.ctx.Done():
			return
		}
	}
}

func (e *executor) stop() {
	e.cancel()
}

func callJobFuncWithParams(jobFunc interface{}, params []interface{}) {
	f := reflect.ValueOf(jobFunc)
	if f.Kind() != reflect.Func {
		return
	}
	in := make([]reflect.Value, len(params))
	for k, p := range params {
		in[k] = reflect.ValueOf(p)
	}
	f.Call(in)
}
