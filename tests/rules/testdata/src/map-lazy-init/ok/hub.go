package ok

type subscribe struct {
	topic string
	reply chan chan string
}

// Hub's topics map belongs to the run goroutine alone; callers reach it via reqs.
type Hub struct {
	reqs   chan subscribe
	topics map[string]chan string
}

func NewHub() *Hub {
	h := &Hub{reqs: make(chan subscribe), topics: map[string]chan string{}}
	go h.run()
	return h
}

// shape: a map owned by a single goroutine fed through a channel creates channels lazily
func (h *Hub) run() {
	for req := range h.reqs {
		if _, ok := h.topics[req.topic]; !ok {
			h.topics[req.topic] = make(chan string, 8)
		}
		req.reply <- h.topics[req.topic]
	}
}

func (h *Hub) Subscribe(topic string) chan string {
	reply := make(chan chan string)
	h.reqs <- subscribe{topic, reply}
	return <-reply
}
