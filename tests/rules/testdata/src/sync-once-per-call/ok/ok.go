package ok

import "sync"

// shape: a local Once shared by the goroutines of one call
func CloseOnce(n int, ch chan struct{}) {
	var once sync.Once
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() { close(ch) })
		}()
	}
	wg.Wait()
}

// shape: a local Once captured by the returned closure: once per closure
func Lazy(load func() int) func() int {
	var once sync.Once
	var v int
	return func() int {
		once.Do(func() { v = load() })
		return v
	}
}

type Server struct {
	once sync.Once
	addr string
}

// shape: the parameter is the same at every call site
func (s *Server) init(addr string) {
	s.once.Do(func() { s.addr = addr })
}

func (s *Server) Start() string {
	s.init(":8080")
	s.init(":8080")
	return s.addr
}
