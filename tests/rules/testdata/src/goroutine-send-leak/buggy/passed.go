package buggy

import (
	"context"
	"errors"
	"time"
)

// shape: the error channel is handed to two goroutine methods; the reader method returns on a
// data value and the watcher's later error send has nobody left to receive it
type tailer struct {
	events chan int
	errors chan error
}

var errRotated = errors.New("rotated")

func newTailer(t *tailer) {
	evc := make(chan int)
	errc := make(chan error) // want "goroutine-send-leak: blocks forever on `errc <- err`.*handed over as an argument"
	go t.watch(evc, errc)
	go t.read(evc, errc)
}

func (t *tailer) watch(evc chan<- int, errc chan<- error) {
	for {
		select {
		case ev := <-t.events:
			select {
			case evc <- ev:
			default:
			}
		case err := <-t.errors:
			errc <- err
			return
		}
	}
}

func (t *tailer) read(evc <-chan int, errc <-chan error) {
	for {
		select {
		case ev := <-evc:
			if ev < 0 {
				return
			}
		case <-errc:
			return
		}
	}
}

// shape: a helper starts the sending goroutine on the caller's channel; the caller starts two
// helpers and returns on its own stop signal or the first error
type poller struct {
	poll func() error
}

func (p *poller) watchA(errc chan<- error) {
	go func() {
		if err := p.poll(); err != nil {
			errc <- err // want "goroutine-send-leak: one of several goroutines sending on it"
		}
	}()
}

func (p *poller) watchB(errc chan<- error) {
	go func() {
		if err := p.poll(); err != nil {
			errc <- err // want "goroutine-send-leak: one of several goroutines sending on it"
		}
	}()
}

func (p *poller) run(stop <-chan struct{}) error {
	errc := make(chan error)
	p.watchA(errc)
	p.watchB(errc)
	select {
	case <-stop:
		return nil
	case err := <-errc:
		return err
	}
}

// shape: the channel is passed to the goroutine literal as an argument and the caller gives up
// on its context
func lookup(ctx context.Context, resolve func(string) string, host string) (string, error) {
	out := make(chan string) // want "goroutine-send-leak: stops receiving early"
	go func(res chan<- string) {
		res <- resolve(host)
	}(out)
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	case <-time.After(time.Second):
		return "", errors.New("timeout")
	}
}
