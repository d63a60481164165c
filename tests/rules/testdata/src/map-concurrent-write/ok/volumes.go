package ok

import (
	"net/http"
	"sync"
)

type volume struct {
	name   string
	owners map[string]bool
}

func (v *volume) attach(id string) {
	if v.owners[id] {
		return
	}
	v.owners[id] = true
}

func (v *volume) detach(id string) { delete(v.owners, id) }

type volumeDriver struct {
	mu      sync.Mutex
	volumes map[string]*volume
}

func (d *volumeDriver) lookup(name string) (*volume, bool) {
	v, ok := d.volumes[name]
	return v, ok
}

// shape: every request attaches under the driver's lock; the only lock-free call restores
// saved state while the constructor builds the driver, before any request can arrive
func (d *volumeDriver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, ok := d.lookup(r.URL.Query().Get("volume"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method == http.MethodDelete {
		v.detach(r.URL.Query().Get("id"))
		return
	}
	v.attach(r.URL.Query().Get("id"))
}

func (d *volumeDriver) restore(saved map[string][]string) {
	for name, ids := range saved {
		v := &volume{name: name, owners: map[string]bool{}}
		d.volumes[name] = v
		for _, id := range ids {
			v.attach(id)
		}
	}
}

func NewVolumeDriver(saved map[string][]string) *volumeDriver {
	d := &volumeDriver{volumes: map[string]*volume{}}
	d.restore(saved)
	return d
}
