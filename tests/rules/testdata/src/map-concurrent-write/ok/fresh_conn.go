package ok

// shape: a driver's connection and its test double each start the response loop on a
// connection of their own making; each loop alone touches its connection's cursors
type dbResponse struct{ token int64 }

type dbConn struct {
	responses chan dbResponse
	cursors   map[int64]string
}

func newDBConn() *dbConn {
	return &dbConn{responses: make(chan dbResponse), cursors: map[int64]string{}}
}

func (c *dbConn) processResponses() {
	for r := range c.responses {
		c.processResponse(r)
	}
}

func (c *dbConn) processResponse(r dbResponse) {
	if _, ok := c.cursors[r.token]; ok {
		delete(c.cursors, r.token)
		return
	}
	c.cursors[r.token] = "partial"
}

func DialDB() *dbConn {
	c := newDBConn()
	go c.processResponses()
	return c
}

func MockQuery(token int64) *dbConn {
	conn := newDBConn()
	conn.cursors[token] = "mock"
	go conn.processResponses()
	return conn
}

// shape: every accepted connection gets a stream of its own, made just before the goroutine
// that receives on it starts; each goroutine alone touches its stream's watchers
type watchStream struct {
	reqs     chan int64
	watchers map[int64]bool
}

func (ws *watchStream) recvLoop() {
	for id := range ws.reqs {
		if id < 0 {
			delete(ws.watchers, -id)
			continue
		}
		ws.watchers[id] = true
	}
}

func serveWatch(reqs chan int64) {
	ws := &watchStream{reqs: reqs, watchers: map[int64]bool{}}
	go func() {
		ws.recvLoop()
	}()
}

func AcceptWatches(conns <-chan chan int64) {
	for c := range conns {
		serveWatch(c)
	}
}
