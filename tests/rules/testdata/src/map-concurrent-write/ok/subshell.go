package ok

// shape: a shell runner that starts each background job on a subshell: Subshell builds a new
// runner with maps of its own, so the jobs' writes never meet.

type shellRunner struct {
	vars  map[string]string
	funcs map[string]func()
	dir   string
}

// Subshell returns a copy of the runner that can change without affecting the original.
func (r *shellRunner) Subshell() *shellRunner {
	r2 := &shellRunner{dir: r.dir}
	r2.vars = make(map[string]string, len(r.vars))
	for k, v := range r.vars {
		r2.vars[k] = v
	}
	r2.funcs = make(map[string]func(), len(r.funcs))
	for k, f := range r.funcs {
		r2.funcs[k] = f
	}
	return r2
}

// Set assigns a shell variable.
func (r *shellRunner) Set(name, value string) { r.vars[name] = value }

// Statement runs one statement, in the background on a subshell when asked to.
func (r *shellRunner) Statement(name, value string, background bool) {
	if background {
		r2 := r.Subshell()
		go func() {
			r2.Set(name, value)
		}()
		return
	}
	r.dir = value
}

// Script runs every statement of a script.
func (r *shellRunner) Script(names, values []string, background bool) {
	for i := range names {
		r.Statement(names[i], values[i], background)
	}
}
