package main

import (
	"fmt"
	"net/http"
	"sync"
)

type Writer struct {
	Archive string
	Chunks  []string
}

type Server struct {
	Auth      sync.Map
	Writers   map[int32]*Writer
	CurWriter int32
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/dynamic_index", "/fixed_index":
		if r.Method == http.MethodPost {
			s.CurWriter++
			wid := s.CurWriter
			s.Writers[wid] = &Writer{Archive: r.URL.Query().Get("archive-name")}
			fmt.Fprintf(w, "{\"data\": %d}", wid)
			return
		}
	case "/dynamic_close":
		var wid int32
		fmt.Sscan(r.URL.Query().Get("wid"), &wid)
		delete(s.Writers, wid)
	}
	w.WriteHeader(http.StatusNotFound)
}

func main() {
	s := &Server{Writers: make(map[int32]*Writer)}
	_ = http.ListenAndServe("127.0.0.1:8007", s)
}
