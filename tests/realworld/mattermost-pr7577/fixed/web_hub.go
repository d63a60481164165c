package app

type Hub struct {
	connections map[*WebConn]bool
	register    chan *WebConn
	unregister  chan *WebConn
	broadcast   chan string
	stop        chan struct{}
	didStop     chan struct{}
}

func NewWebHub() *Hub {
	return &Hub{
		connections: make(map[*WebConn]bool),
		register:    make(chan *WebConn),
		unregister:  make(chan *WebConn),
		broadcast:   make(chan string, 4096),
		stop:        make(chan struct{}),
		didStop:     make(chan struct{}),
	}
}

func (h *Hub) Register(webConn *WebConn) {
	h.register <- webConn
}

func (h *Hub) Unregister(webConn *WebConn) {
	select {
	case h.unregister <- webConn:
	case <-h.stop:
	}
}

func (h *Hub) Stop() {
	close(h.stop)
	<-h.didStop
}

func (h *Hub) Start() {
	go func() {
		for {
			select {
			case webCon := <-h.register:
				h.connections[webCon] = true
			case webCon := <-h.unregister:
				delete(h.connections, webCon)
			case msg := <-h.broadcast:
				for webCon := range h.connections {
					webCon.Send(msg)
				}
			case <-h.stop:
				for webCon := range h.connections {
					webCon.Close()
				}
				close(h.didStop)
				return
			}
		}
	}()
}
