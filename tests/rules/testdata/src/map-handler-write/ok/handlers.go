package ok

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

var mimeTypes = map[string]string{}

func init() {
	mimeTypes[".html"] = "text/html"
	mimeTypes[".css"] = "text/css"
}

// shape: a package map filled in init() before serving and only read by the handler
func mime(w http.ResponseWriter, r *http.Request) {
	ext := r.URL.Query().Get("ext")
	fmt.Fprintln(w, mimeTypes[ext])
}

// shape: a map local to the request is the handler's own
func echoForm(w http.ResponseWriter, r *http.Request) {
	fields := map[string]string{}
	for k, vs := range r.URL.Query() {
		fields[k] = strings.Join(vs, ",")
	}
	fmt.Fprintln(w, len(fields))
}

type API struct {
	mu    sync.RWMutex
	likes map[string]int
	tags  map[string][]string
}

// shape: writer holds Lock with defer Unlock, reader holds RLock
func (a *API) like(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.likes[r.FormValue("post")]++
}

func (a *API) countLikes(w http.ResponseWriter, r *http.Request) {
	a.mu.RLock()
	n := a.likes[r.FormValue("post")]
	a.mu.RUnlock()
	fmt.Fprintln(w, n)
}

// shape: the handler holds the lock and calls a helper that writes without taking it
func (a *API) tag(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.addTag(r.FormValue("post"), r.FormValue("tag"))
}

func (a *API) addTag(post, tag string) {
	a.tags[post] = append(a.tags[post], tag)
}
