package ok

type Provider struct{ ID string }

func forwardAll(ids []string, out chan<- Provider) {
	defer close(out)
	for _, id := range ids {
		out <- Provider{ID: id}
	}
}

// FindAsync streams a provider for each id on the channel it returns.
func FindAsync(ids []string) <-chan Provider {
	out := make(chan Provider)
	go forwardAll(ids, out)
	return out
}

// shape: the caller receives until the sender closes the channel: every send has its receive
func AllProviders(ids []string) []Provider {
	var got []Provider
	for p := range FindAsync(ids) {
		got = append(got, p)
	}
	ch := FindAsync(ids)
	for p := range ch {
		got = append(got, p)
	}
	return got
}
