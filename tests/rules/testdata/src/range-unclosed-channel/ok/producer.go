package ok

func produce(text []string, out chan<- string) {
	defer close(out)
	for _, t := range text {
		out <- t
	}
}
