package raceproof

// raceproof: shared-variable-race

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every failing fetch assigns firstErr from its own goroutine.
func TestFetchAll(t *testing.T) {
	f := &Fetcher{Get: func(url string) ([]byte, error) {
		return nil, errors.New("unreachable: " + url)
	}}
	if _, err := f.FetchAll([]string{"a", "b", "c", "d", "e", "f", "g", "h"}); err == nil {
		t.Fatal("FetchAll: want an error")
	}
}

// The goroutines of CountWords all add to the same captured total.
func TestCountWords(t *testing.T) {
	docs := []string{"a b", "c d e", "f", "g h i j", "k l", "m", "n o p", "q"}
	if got := CountWords(docs); got > 17 {
		t.Fatalf("CountWords = %d", got)
	}
}

// Warm returns while its goroutine is still counting.
func TestWarm(t *testing.T) {
	w := &Warmer{
		Keys:  []string{"a", "b", "c", "d", "e", "f"},
		Load:  func(string) { time.Sleep(time.Millisecond) },
		Grace: 2 * time.Millisecond,
	}
	_ = w.Warm()
	time.Sleep(20 * time.Millisecond)
}

// An upload runs while the admin page keeps reading the statistics.
func TestUploadStats(t *testing.T) {
	s := &Server{}
	mux := http.NewServeMux()
	s.Routes(mux)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("POST", "/upload", strings.NewReader("payload")))
		_, _ = io.ReadAll(rec.Body)
	}()
	deadline := time.Now().Add(30 * time.Millisecond)
	for time.Now().Before(deadline) {
		_, _ = s.Stats()
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
}

// The monitor goroutine updates the status the health endpoint reads.
func TestMonitor(t *testing.T) {
	s := &Server{}
	stop := make(chan struct{})
	s.StartMonitor(func() string { return "ok" }, time.Millisecond, stop)
	deadline := time.Now().Add(50 * time.Millisecond)
	for time.Now().Before(deadline) {
		_ = s.Status()
		time.Sleep(time.Millisecond)
	}
	close(stop)
}

// The timer goroutine sets the flag the worker goroutine polls.
func TestPipelineRun(t *testing.T) {
	items := make([]string, 200)
	p := &Pipeline{Handle: func(string) { time.Sleep(50 * time.Microsecond) }, Timeout: time.Millisecond}
	<-p.Run(items)
}

// Two logins at once both assign lastLogin.
func TestConcurrentLogins(t *testing.T) {
	mux := http.NewServeMux()
	Register(mux)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/login?user=ann", nil))
			}
		}()
	}
	wg.Wait()
}
