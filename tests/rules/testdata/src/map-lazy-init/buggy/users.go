package buggy

import (
	"net/http"
	"strconv"
	"sync"
)

var userLocks = map[int]*sync.Mutex{}

// shape: package-level map, nil check and new(sync.Mutex) inside an HTTP handler
func updateProfile(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.FormValue("id"))
	if userLocks[id] == nil {
		userLocks[id] = new(sync.Mutex) // want "map-lazy-init: ^Lazily creating a (mutex|channel)"
	}
	userLocks[id].Lock()
	defer userLocks[id].Unlock()
}
