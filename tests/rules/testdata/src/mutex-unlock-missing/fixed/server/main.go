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

// shape: the handler releases the lock on every way out
func register(w http.ResponseWriter, r *http.Request) {
	name, err := decode(r)
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		panic(err)
	}
	peers[name] = r.RemoteAddr
}

// shape: the function every handler calls defers its unlock
func claim(name, addr string) {
	mu.Lock()
	defer mu.Unlock()
	if _, ok := peers[name]; ok {
		panic(errTaken)
	}
	peers[name] = addr
}

func join(w http.ResponseWriter, r *http.Request) {
	claim(r.URL.Path, r.RemoteAddr)
}

// shape: the worker that recovers its panics unlocks before panicking
func work(jobs <-chan string) {
	defer func() { _ = recover() }()
	for j := range jobs {
		mu.Lock()
		if j == "" {
			mu.Unlock()
			panic(errTaken)
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
