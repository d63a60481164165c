package shapes

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

// leaked runs f, then waits (up to 2s) for the goroutine count to settle back to where it
// was; it returns how many goroutines are still alive above the baseline.
func leaked(t *testing.T, f func()) int {
	t.Helper()
	runtime.GC()
	before := runtime.NumGoroutine()
	f()
	deadline := time.Now().Add(2 * time.Second)
	n := 0
	for time.Now().Before(deadline) {
		n = runtime.NumGoroutine() - before
		if n <= 0 {
			return 0
		}
		time.Sleep(20 * time.Millisecond)
	}
	return n
}

func stacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

func check(t *testing.T, name string, buggy, fixed func(), frame string) {
	t.Run(name+"/buggy", func(t *testing.T) {
		n := leaked(t, buggy)
		if n <= 0 {
			t.Fatalf("expected blocked goroutines, none left")
		}
		if frame != "" && !strings.Contains(stacks(), frame) {
			t.Fatalf("no goroutine blocked in %s:\n%s", frame, stacks())
		}
		t.Logf("LEAK %s: %d goroutine(s) still blocked", name, n)
	})
	t.Run(name+"/fixed", func(t *testing.T) {
		if n := leaked(t, fixed); n > 0 {
			t.Fatalf("fixed version left %d goroutine(s):\n%s", n, stacks())
		}
	})
}

var errBad = errors.New("bad")

func failFirst(u string) error {
	if u == "a" {
		return errBad
	}
	time.Sleep(10 * time.Millisecond)
	return nil
}

func TestLeaks(t *testing.T) {
	urls := []string{"a", "b", "c", "d"}
	check(t, "goroutine-send-leak-fetch",
		func() { FetchBuggy("x", time.Millisecond) },
		func() { FetchFixed("x", time.Millisecond) },
		"leakproof.FetchBuggy.func1")
	check(t, "goroutine-send-leak-firstError",
		func() { FirstErrorBuggy(urls, failFirst) },
		func() { FirstErrorFixed(urls, failFirst) },
		"leakproof.FirstErrorBuggy.func1")
	check(t, "range-unclosed-channel",
		func() { ProcessBuggy(urls, func(string) {}) },
		func() { ProcessFixed(urls, func(string) {}) },
		"leakproof.ProcessBuggy.func1")
	var cancel context.CancelFunc
	check(t, "select-loop-no-exit",
		func() { StartWorkerBuggy(context.Background(), make(chan string), func(string) {}) },
		func() {
			var ctx context.Context
			ctx, cancel = context.WithCancel(context.Background())
			StartWorkerFixed(ctx, make(chan string), func(string) {})
			cancel() // the caller is done with the worker
		},
		"leakproof.StartWorkerBuggy.func1")
	check(t, "nil-channel-op",
		func() { go RunJobBuggy(func() {}) },
		func() { go RunJobFixed(func() {}) },
		"leakproof.RunJobBuggy")
}

func TestCloseByReceiverPanics(t *testing.T) {
	gen := func(j int) int { return j }
	panics := make(chan any, 8)
	TakeBuggy(3, gen, panics)
	select {
	case p := <-panics:
		if !strings.Contains(p.(error).Error(), "send on closed channel") {
			t.Fatalf("unexpected panic %v", p)
		}
		t.Logf("PANIC close-by-receiver: %v", p)
	case <-time.After(2 * time.Second):
		t.Fatal("buggy version did not panic")
	}
	fixedPanics := make(chan any, 8)
	TakeFixed(3, gen, fixedPanics)
	time.Sleep(100 * time.Millisecond)
	if len(fixedPanics) != 0 {
		t.Fatalf("fixed version panicked: %v", <-fixedPanics)
	}
}
