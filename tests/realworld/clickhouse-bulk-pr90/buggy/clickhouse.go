package main

import (
	"errors"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

type ClickhouseServer struct {
	URL         string
	LastRequest time.Time
	Bad         bool
	Client      *http.Client
}

// Clickhouse sends queued batches to the least recently used server; failed
// batches are handed to the Dumper.
type Clickhouse struct {
	Servers     []*ClickhouseServer
	Queue       chan *ClickhouseRequest
	mu          sync.Mutex
	DownTimeout int
	Dumper      Dumper
}

type ClickhouseRequest struct {
	Params  string
	Content string
}

var ErrServerIsDown = errors.New("server is down")

var ErrNoServers = errors.New("No working clickhouse servers")

func NewClickhouse(downTimeout int) *Clickhouse {
	c := &Clickhouse{DownTimeout: downTimeout, Queue: make(chan *ClickhouseRequest, 1000)}
	go c.Run()
	return c
}

func (c *Clickhouse) AddServer(url string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Servers = append(c.Servers, &ClickhouseServer{URL: url, Client: &http.Client{Timeout: 10 * time.Second}})
}

func (c *Clickhouse) GetNextServer() (srv *ClickhouseServer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	for _, s := range c.Servers {
		if s.Bad {
			if now.Sub(s.LastRequest) > time.Second*time.Duration(c.DownTimeout) {
				s.Bad = false
			} else {
				continue
			}
		}
		if srv == nil || srv.LastRequest.Sub(s.LastRequest) > 0 {
			srv = s
		}
	}
	if srv != nil {
		srv.LastRequest = now
	}
	return srv
}

// Dump saves a batch that could not be sent.
func (c *Clickhouse) Dump(params string, content string, response string, prefix string, status int) error {
	if c.Dumper != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.Dumper.Dump(params, content, response, prefix, status)
	}
	return nil
}

func (c *Clickhouse) Run() {
	for data := range c.Queue {
		resp, status, err := c.SendQuery(data)
		if err != nil {
			log.Printf("ERROR: Send (%+v) %+v; response %+v\n", status, err, resp)
			prefix := "1"
			if status >= 400 && status < 502 {
				prefix = "2"
			}
			_ = c.Dump(data.Params, data.Content, resp, prefix, status)
		}
	}
}

func (srv *ClickhouseServer) SendQuery(r *ClickhouseRequest) (string, int, error) {
	url := srv.URL
	if r.Params != "" {
		url += "?" + r.Params
	}
	resp, err := srv.Client.Post(url, "", strings.NewReader(r.Content))
	if err != nil {
		srv.Bad = true
		return err.Error(), http.StatusBadGateway, ErrServerIsDown
	}
	defer resp.Body.Close()
	buf, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 502 {
		srv.Bad = true
		return string(buf), resp.StatusCode, ErrServerIsDown
	}
	return string(buf), resp.StatusCode, nil
}

// SendQuery tries the servers in turn until one answers.
func (c *Clickhouse) SendQuery(r *ClickhouseRequest) (string, int, error) {
	for {
		s := c.GetNextServer()
		if s == nil {
			return "", http.StatusServiceUnavailable, ErrNoServers
		}
		response, status, err := s.SendQuery(r)
		if errors.Is(err, ErrServerIsDown) {
			continue
		}
		return response, status, err
	}
}
