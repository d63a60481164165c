package ok

// shape: closures handed over a channel to one task loop, which runs them one at a time; the
// gathering goroutines only queue them, and the loop's own clean-up runs on the same goroutine
type agentTask struct {
	fn   func(*Agent)
	done chan struct{}
}

type Agent struct {
	tasks chan agentTask
	quit  chan struct{}
	local map[string][]int
}

func NewAgent() *Agent {
	a := &Agent{tasks: make(chan agentTask), quit: make(chan struct{}), local: map[string][]int{}}
	go a.taskLoop()
	return a
}

func (a *Agent) taskLoop() {
	defer a.dropAll()
	for {
		select {
		case <-a.quit:
			return
		case t := <-a.tasks:
			t.fn(a)
			close(t.done)
		}
	}
}

func (a *Agent) run(fn func(*Agent)) {
	done := make(chan struct{})
	select {
	case a.tasks <- agentTask{fn, done}:
		<-done
	case <-a.quit:
	}
}

func (a *Agent) dropAll() {
	for k := range a.local {
		delete(a.local, k)
	}
}

func (a *Agent) addCandidate(network string, port int) {
	a.run(func(a *Agent) {
		a.local[network] = append(a.local[network], port)
	})
}

func (a *Agent) Gather(networks []string) {
	for i, n := range networks {
		go func(n string, port int) {
			a.addCandidate(n, port)
		}(n, 9000+i)
	}
}
