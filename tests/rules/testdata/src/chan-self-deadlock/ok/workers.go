package ok

// Several workers run the same loop: a job that a worker resubmits while handling another is
// taken by one of the other workers.
type Pool struct {
	jobs chan func(*Pool)
	quit chan struct{}
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func(*Pool)), quit: make(chan struct{})}
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func (p *Pool) Submit(job func(*Pool)) {
	p.jobs <- job
}

func (p *Pool) retry(job func(*Pool)) {
	p.Submit(job)
}

func (p *Pool) work() {
	for {
		select {
		case job := <-p.jobs:
			job(p)
			p.retry(job)
		case <-p.quit:
			return
		}
	}
}
