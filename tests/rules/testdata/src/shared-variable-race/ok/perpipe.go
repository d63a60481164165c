package ok

// Each pipeline gets its own goroutine: the loop starts one per pipeline it makes, never two
// on one pipeline.
type pipe struct {
	in   chan string
	seen int
}

func (p *pipe) Start() {
	go p.run()
}

func (p *pipe) run() {
	for s := range p.in {
		if s != "" {
			p.seen++
		}
	}
}

func startPipes(n int) []*pipe {
	var out []*pipe
	for i := 0; i < n; i++ {
		p := &pipe{in: make(chan string, 8)}
		p.Start()
		out = append(out, p)
	}
	return out
}
