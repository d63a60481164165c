package fixed

import (
	"net/http"
	"strconv"
	"sync"
)

var userLocks sync.Map // int -> *sync.Mutex

// shape: sync.Map LoadOrStore replaces the package-level map
func updateProfile(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.FormValue("id"))
	v, _ := userLocks.LoadOrStore(id, new(sync.Mutex))
	mu := v.(*sync.Mutex)
	mu.Lock()
	defer mu.Unlock()
}
