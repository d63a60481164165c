package ok

import (
	"net"
	"sync"
	"testing"

	"fixtures/src/waitgroup-done-missing/ok/assert"
)

// shape: a worker leaves without Done only after an assertion has marked the test failed: the
// Wait it strands belongs to a test that has already failed
func TestEchoConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	echo := func() {
		client, server := net.Pipe()
		defer server.Close()
		go func() {
			buf := make([]byte, 4)
			n, _ := server.Read(buf)
			_, _ = server.Write(buf[:n])
		}()
		_, err := client.Write([]byte("ping"))
		if !assert.NoError(t, err, "write should succeed") {
			return
		}
		client.Close()
		wg.Done()
	}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go echo()
	}
	wg.Wait()
}
