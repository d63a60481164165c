package ok

import (
	"errors"
	"io"
)

// shape: a handshake that writes in a goroutine while it reads, twice over one channel of one
// slot: the second writer starts only after the first one's result was taken.
func introduce(conn io.ReadWriter, hello, features []byte) error {
	writeDone := make(chan error, 1)
	go func() {
		_, err := conn.Write(hello)
		writeDone <- err
	}()
	buf := make([]byte, 1)
	if _, err := io.ReadFull(conn, buf); err != nil {
		return err
	}
	if err := <-writeDone; err != nil {
		return err
	}
	go func() {
		if len(features) == 0 {
			writeDone <- errors.New("no features")
			return
		}
		_, err := conn.Write(features)
		writeDone <- err
	}()
	if _, err := io.ReadFull(conn, buf); err != nil {
		return err
	}
	return <-writeDone
}
