package buggy

import "sync"

// Spooler and Uploader reach each other only through interfaces: the uploader hands failed
// batches to its Spool, and the spooler resends them through its Sender.
type Spool interface {
	Save(batch string) error
}

type Sender interface {
	Upload(batch string) error
}

type Uploader struct {
	mu      sync.Mutex
	servers []string
	next    int
	spool   Spool
}

func (u *Uploader) pick() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.next = (u.next + 1) % len(u.servers)
	return u.servers[u.next]
}

func (u *Uploader) Upload(batch string) error {
	_ = u.pick()
	return nil
}

// shape: the uploader keeps its lock while it spools, and the spooler keeps its own while it
// resends through the uploader: the two interfaces hide an AB-BA order
func (u *Uploader) Failed(batch string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.spool.Save(batch)
}

type Spooler struct {
	mu      sync.Mutex
	pending []string
}

func (s *Spooler) Save(batch string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, batch)
	return nil
}

func (s *Spooler) Resend(to Sender) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.pending) > 0 {
		if err := to.Upload(s.pending[0]); err != nil { // want "lock-order-inversion: `Spooler.Resend` holds `s.mu` .*then takes `u.mu`"
			return err
		}
		s.pending = s.pending[1:]
	}
	return nil
}

// Start runs the upload loop and the resend loop on goroutines of their own.
func Start(u *Uploader, s *Spooler, batches <-chan string, tick <-chan struct{}) {
	go func() {
		for b := range batches {
			if err := u.Upload(b); err != nil {
				_ = u.Failed(b)
			}
		}
	}()
	go func() {
		for range tick {
			_ = s.Resend(u)
		}
	}()
}
