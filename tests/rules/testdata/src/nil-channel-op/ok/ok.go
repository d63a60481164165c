package ok

// shape: a nil channel in a select disables that case on purpose
func merge(a, b <-chan int) []int {
	var out []int
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out = append(out, v)
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

// shape: declared nil, made later before use
func later(n int) int {
	var ch chan int
	ch = make(chan int, 1)
	ch <- n
	return <-ch
}

// shape: made through a pointer by a helper
func viaHelper() int {
	var ch chan int
	initChan(&ch)
	ch <- 1
	return <-ch
}

func initChan(p *chan int) { *p = make(chan int, 1) }

// shape: a nil timeout channel in select means "no timeout"
func waitFor(in <-chan int) int {
	var timeout <-chan struct{}
	select {
	case v := <-in:
		return v
	case <-timeout:
		return -1
	}
}
