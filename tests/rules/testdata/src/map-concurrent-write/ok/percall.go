package ok

// Rewrite starts one goroutine per call, which alone uses the map it was given.
func Rewrite(in <-chan string, mods map[string]string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for s := range in {
			// shape: a parameter of the spawner, one map per call and per goroutine
			if r, ok := mods[s]; ok {
				delete(mods, s)
				out <- r
				continue
			}
			out <- s
		}
		for k := range mods {
			out <- k
		}
	}()
	return out
}

// RewriteAll rewrites every stream with its own replacements.
func RewriteAll(ins []<-chan string) []<-chan string {
	var outs []<-chan string
	for _, in := range ins {
		outs = append(outs, Rewrite(in, map[string]string{"a": "b"}))
	}
	return outs
}
