package health

import "time"

type Result struct {
	ID     string
	Status string
}

type Checker interface {
	Check(id string) (Result, error)
}

type consulHealthChecker struct {
	checker Checker
	period  time.Duration
}

func (c consulHealthChecker) WatchService(id string, resultCh chan<- Result, errCh chan<- error, quitCh <-chan struct{}) {
	t := time.NewTicker(c.period)
	defer t.Stop()
	for {
		select {
		case <-quitCh:
			return
		case <-t.C:
			res, err := c.checker.Check(id)
			if err != nil {
				select {
				case errCh <- err:
				case <-quitCh:
					return
				}
				continue
			}
			select {
			case resultCh <- res:
			case <-quitCh:
				return
			}
		}
	}
}

func Watch(c consulHealthChecker, ids []string, quit chan struct{}) <-chan Result {
	out := make(chan Result)
	errs := make(chan error)
	for _, id := range ids {
		go c.WatchService(id, out, errs, quit)
	}
	go func() {
		for {
			select {
			case <-errs:
			case <-quit:
				return
			}
		}
	}()
	return out
}
