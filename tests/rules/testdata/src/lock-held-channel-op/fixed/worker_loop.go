package fixed

func (w *Worker) loop() {
	for j := range w.jobs {
		w.mu.Lock()
		w.pending--
		w.mu.Unlock()
		r := j()
		w.mu.Lock()
		w.results = append(w.results, r)
		w.mu.Unlock()
	}
}
