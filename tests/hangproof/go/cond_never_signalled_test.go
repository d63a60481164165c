package hangproof

// hangproof: cond-never-signalled

import (
	"testing"
	"time"
)

// Lookup waits on configLoaded; Load installs the configuration without a Broadcast.
func TestLookupWaitsForLoad(t *testing.T) {
	go func() {
		time.Sleep(20 * time.Millisecond)
		Load(map[string]string{"region": "eu"})
	}()
	if got := Lookup("region"); got != "eu" {
		t.Fatalf("Lookup = %q, want eu", got)
	}
}

// Broker.Next waits for an event; Publish appends it without signalling.
func TestNextAfterPublish(t *testing.T) {
	b := NewBroker()
	go func() {
		time.Sleep(20 * time.Millisecond)
		b.Publish(Event{Topic: "t"})
	}()
	if ev := b.Next(); ev.Topic != "t" {
		t.Fatalf("Next = %+v", ev)
	}
}
