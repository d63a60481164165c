package buggy

import "strings"

type request struct {
	key   string
	reply chan string
}

// Server answers lookups from one goroutine that owns the table.
type Server struct {
	name  string
	table map[string]string
	reqs  chan request
}

// shape: a constructor starts the owner goroutine, then makes the channel it ranges over
func NewServer(name string) *Server {
	s := &Server{name: name, table: map[string]string{}}
	go s.loop() // want "go-before-init: initialises only afterwards"
	s.reqs = make(chan request)
	return s
}

// Lookup asks the owner goroutine for key.
func (s *Server) Lookup(key string) string {
	r := request{key: key, reply: make(chan string, 1)}
	s.reqs <- r
	return <-r.reply
}

func normalize(k string) string { return strings.ToLower(strings.TrimSpace(k)) }
