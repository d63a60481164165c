package gl

type texture struct {
	refCounted
	w, h int
}

func newTexture(w, h int) *texture {
	t := &texture{w: w, h: h}
	t.init(func() {})
	return t
}

func drawAll(textures []*texture, done chan struct{}) {
	for _, t := range textures {
		t.acquire()
		go func(t *texture) {
			defer t.Release()
			<-done
		}(t)
	}
}
