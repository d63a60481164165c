package buggy

// shape: closures go through one task loop, but a gathering goroutine also writes the map
// directly, next to what the loop runs
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

func (a *Agent) addCandidate(network string, port int) {
	a.run(func(a *Agent) {
		a.local[network] = append(a.local[network], port) // want "map-concurrent-write: concurrent map writes"
	})
}

func (a *Agent) Gather(networks []string) {
	for i, n := range networks {
		go func(n string, port int) {
			a.addCandidate(n, port)
		}(n, 9000+i)
	}
	go func() {
		a.local["relay"] = nil // want "map-concurrent-write: concurrent map read and map write"
	}()
}
