package buggy

func (w *Worker) loop() {
	for {
		w.mu.Lock()
		j := <-w.jobs
		w.pending--
		w.mu.Unlock()
		r := j()
		w.mu.Lock()
		w.results = append(w.results, r)
		w.mu.Unlock()
	}
}
