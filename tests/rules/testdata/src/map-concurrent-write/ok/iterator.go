package ok

// shape: a module loaded once, whose programs are listed by an iterator: the goroutine that
// feeds the returned channel runs for the caller draining it, not beside the loader.

type probe struct{ name string }

type module struct {
	probes map[string]*probe
}

// Load fills the module's tables before anything uses them.
func (m *module) Load(names []string) {
	for _, n := range names {
		m.probes[n] = &probe{name: n}
	}
}

// Probes emits every probe of the module, then closes the channel.
func (m *module) Probes() <-chan *probe {
	ch := make(chan *probe)
	go func() {
		for name := range m.probes {
			ch <- m.probes[name]
		}
		close(ch)
	}()
	return ch
}
