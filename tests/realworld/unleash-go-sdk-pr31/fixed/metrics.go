package unleash

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

type metrics struct {
	url      url.URL
	client   *http.Client
	interval time.Duration
	ticker   *time.Ticker
	close    chan struct{}
	errors   chan error
}

func newMetrics(u url.URL, interval time.Duration) *metrics {
	m := &metrics{url: u, client: http.DefaultClient, interval: interval, close: make(chan struct{}), errors: make(chan error, 1)}
	m.ticker = time.NewTicker(interval)
	go m.sync()
	return m
}

func (m *metrics) err(err error) {
	select {
	case m.errors <- err:
	default:
	}
}

func (m *metrics) sync() {
	m.registerInstance()
	for {
		select {
		case <-m.ticker.C:
			m.sendMetrics()
		case <-m.close:
			m.ticker.Stop()
			return
		}
	}
}

func (m *metrics) doPost(u *url.URL, payload interface{}) (*http.Response, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	return m.client.Post(u.String(), "application/json", bytes.NewReader(b))
}

func (m *metrics) registerInstance() {
	u, _ := m.url.Parse("./client/register")
	resp, err := m.doPost(u, map[string]string{"appName": "app"})
	if err != nil {
		m.err(err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		m.err(http.ErrNotSupported)
	}
}

func (m *metrics) sendMetrics() {
	u, _ := m.url.Parse("./client/metrics")
	resp, err := m.doPost(u, map[string]int{"yes": 1})
	if err != nil {
		m.err(err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		m.err(http.ErrNotSupported)
	}
}
