package statsviz

import (
	"net/http"
	"runtime"
	"time"

	"example.com/statsviz-13/websocket"
)

func init() {
	http.HandleFunc("/debug/statsviz/ws", Ws)
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 1024,
}

// Ws upgrades the connection to a websocket and streams runtime statistics
// over it until the browser goes away.
func Ws(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer ws.Close()

	// The error only says the other side hung up; nothing to do with it.
	_ = sendStats(ws)
}

type stats struct {
	Mem          runtime.MemStats
	NumGoroutine int
}

const defaultSendPeriod = time.Second

// sendStats sends a snapshot of the runtime statistics every period, and
// returns when a write fails.
func sendStats(conn *websocket.Conn) error {
	tick := time.NewTicker(defaultSendPeriod)

	var st stats
	for {
		select {
		case <-tick.C:
			runtime.ReadMemStats(&st.Mem)
			st.NumGoroutine = runtime.NumGoroutine()
			if err := conn.WriteJSON(st); err != nil {
				return err
			}
		}
	}
}
