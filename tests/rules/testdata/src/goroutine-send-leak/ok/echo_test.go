package ok

import (
	"net"
	"testing"

	"fixtures/src/goroutine-send-leak/ok/assert"
)

// shape: the test returns before receiving only after an assertion has marked it failed: the
// goroutine it leaves behind belongs to a test that has already failed
func TestEchoRoundTrip(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	received := make(chan []byte)
	go func() {
		buf := make([]byte, 64)
		n, err := server.Read(buf)
		if err != nil {
			return
		}
		received <- buf[:n]
	}()
	_, err := client.Write([]byte("ping"))
	if !assert.NoError(t, err, "write should succeed") {
		return
	}
	if got := string(<-received); got != "ping" {
		t.Errorf("got %q", got)
	}
}
