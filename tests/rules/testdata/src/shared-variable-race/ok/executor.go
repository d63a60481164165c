package ok

// shape: every change to the agent's state is a closure handed over a channel to its one task
// loop; goroutines started in a loop only queue them, and the loop resets the state itself
type agentTask struct {
	fn   func(*Agent)
	done chan struct{}
}

type Agent struct {
	tasks   chan agentTask
	quit    chan struct{}
	pending int
	ports   []int
}

func NewAgent() *Agent {
	a := &Agent{tasks: make(chan agentTask), quit: make(chan struct{})}
	go a.taskLoop()
	return a
}

func (a *Agent) taskLoop() {
	defer a.reset()
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

func (a *Agent) reset() {
	a.pending = 0
	a.ports = nil
}

func (a *Agent) addPort(port int) {
	a.run(func(agent *Agent) {
		a.pending++
		a.ports = append(a.ports, port)
	})
}

func (a *Agent) Gather(n int) {
	for i := 0; i < n; i++ {
		go func(port int) {
			a.addPort(port)
		}(9000 + i)
	}
}
