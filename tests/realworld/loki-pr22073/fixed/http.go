package tail

import (
	"errors"
	"time"
)

type wsConn interface {
	ReadMessage() (int, []byte, error)
	WriteMessage(int, []byte) error
	Close() error
}

type CloseError struct{ Code int }

func (e *CloseError) Error() string { return "closed" }

type Response struct{ Lines []string }

func TailHandler(conn wsConn, responseChan <-chan Response, closeErrChan <-chan error) {
	defer conn.Close()
	doneChan := make(chan struct{}, 1)
	go func() {
		for {
			_, _, err := conn.ReadMessage()
			if err != nil {
				var closeErr *CloseError
				if errors.As(err, &closeErr) {
					doneChan <- struct{}{}
				}
				return
			}
		}
	}()

	ticker := time.NewTicker(30 * time.Second)
	defer ticker.Stop()
	for {
		select {
		case response := <-responseChan:
			if err := conn.WriteMessage(1, []byte(response.Lines[0])); err != nil {
				return
			}
		case err := <-closeErrChan:
			_ = conn.WriteMessage(8, []byte(err.Error()))
			return
		case <-ticker.C:
			if err := conn.WriteMessage(9, nil); err != nil {
				return
			}
		case <-doneChan:
			return
		}
	}
}
