package lookup

import (
	"flag"
	"os"
	"testing"
	"time"
)

var slow = 20 * time.Millisecond

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(m.Run())
}

func TestLookupTimesOut(t *testing.T) {
	_, ok := Lookup(func() string { time.Sleep(slow); return "v" }, time.Millisecond)
	if ok {
		t.Fatal("want a timeout")
	}
}
