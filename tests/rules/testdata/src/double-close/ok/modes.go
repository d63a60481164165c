package ok

// relay forwards its input either directly or through a buffer: the constructor starts one
// of the two pumps, never both, and each closes the output when the input ends.
type relay struct {
	in     chan int
	out    chan int
	buffer []int
}

func newRelay(buffered bool) *relay {
	r := &relay{in: make(chan int), out: make(chan int)}
	if !buffered {
		go r.direct()
	} else {
		go r.buffered()
	}
	return r
}

func (r *relay) direct() {
	for v := range r.in {
		select {
		case r.out <- v:
		default:
		}
	}
	close(r.out)
}

func (r *relay) buffered() {
	for v := range r.in {
		r.buffer = append(r.buffer, v)
		for len(r.buffer) > 0 {
			r.out <- r.buffer[0]
			r.buffer = r.buffer[1:]
		}
	}
	close(r.out)
}

func (r *relay) Close() { close(r.in) }
