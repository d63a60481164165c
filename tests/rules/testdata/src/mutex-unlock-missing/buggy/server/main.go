package main

import (
	"errors"
	"net/http"
	"sync"
)

var (
	mu    sync.Mutex
	peers = map[string]string{}
)

var errTaken = errors.New("taken")

func decode(r *http.Request) (string, error) { return r.URL.Path, nil }

// shape: a handler of a program panics under the lock: net/http recovers it, and the next request blocks
func register(w http.ResponseWriter, r *http.Request) {
	name, err := decode(r)
	mu.Lock()
	if err != nil {
		panic(err) // want "mutex-unlock-missing: This panic leaves `mu` locked"
	}
	peers[name] = r.RemoteAddr
	mu.Unlock()
}

// shape: a function every handler calls, panicking under the lock
func claim(name, addr string) {
	mu.Lock()
	if _, ok := peers[name]; ok {
		panic(errTaken) // want "mutex-unlock-missing: This panic leaves `mu` locked"
	}
	peers[name] = addr
	mu.Unlock()
}

func join(w http.ResponseWriter, r *http.Request) {
	claim(r.URL.Path, r.RemoteAddr)
}

// shape: a program that recovers a worker's panic itself
func work(jobs <-chan string) {
	defer func() { _ = recover() }()
	for j := range jobs {
		mu.Lock()
		if j == "" {
			panic(errTaken) // want "mutex-unlock-missing: This panic leaves `mu` locked"
		}
		peers[j] = j
		mu.Unlock()
	}
}

func main() {
	http.HandleFunc("/register", register)
	http.HandleFunc("/join", join)
	_ = http.ListenAndServe(":8080", nil)
}
