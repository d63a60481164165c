package ok

import (
	"encoding/json"
	"io"
	"time"
)

// relay's decoder and encoder each report at most one error into a channel with room for one:
// after the first is taken and relay returns, the other still fits.
func relay(src io.Reader, dst io.Writer, flush func()) error {
	out := make(chan string, 16)
	errc := make(chan error, 1)
	go func() {
		defer close(out)
		dec := json.NewDecoder(src)
		for {
			var s string
			if err := dec.Decode(&s); err != nil {
				errc <- err
				return
			}
			select {
			case out <- s:
			default:
			}
		}
	}()
	go func() {
		enc := json.NewEncoder(dst)
		for s := range out {
			if err := enc.Encode(s); err != nil {
				errc <- err
				return
			}
		}
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			flush()
		case err := <-errc:
			return err
		}
	}
}
