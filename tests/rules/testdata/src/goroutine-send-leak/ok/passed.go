package ok

import "errors"

// shape: the producer method closes its done channel after its last send; the consumer's
// return on that channel comes only once nothing more will be sent
type feeder struct {
	next func() (int, bool)
}

func (f *feeder) produce(vals chan<- int, done chan<- struct{}) {
	for {
		v, ok := f.next()
		if !ok {
			break
		}
		vals <- v
	}
	close(done)
}

func (f *feeder) consume(vals <-chan int, done <-chan struct{}) int {
	sum := 0
	for {
		select {
		case v := <-vals:
			sum += v
		case <-done:
			return sum
		}
	}
}

func (f *feeder) total() int {
	vals := make(chan int)
	done := make(chan struct{})
	go f.produce(vals, done)
	return f.consume(vals, done)
}

// shape: two helper goroutines report on the caller's channel and the caller receives both
// values before it looks at either
type checker struct {
	check func(string) error
}

func (c *checker) start(name string, errc chan<- error) {
	go func() {
		errc <- c.check(name)
	}()
}

var errBoth = errors.New("both failed")

func (c *checker) both() error {
	errc := make(chan error)
	c.start("a", errc)
	c.start("b", errc)
	e1, e2 := <-errc, <-errc
	if e1 != nil && e2 != nil {
		return errBoth
	}
	return nil
}

// shape: the channel goes to a function value whose body is not visible, which may drain it
func viaHook(hook func(chan<- int), stop <-chan struct{}) int {
	out := make(chan int)
	go hook(out)
	select {
	case v := <-out:
		return v
	case <-stop:
		return 0
	}
}
