package fixed

import (
	"errors"
	"net"
)

// shape: the error channel has room for the one error the listener may return after ready

type trapListener struct {
	listening chan bool
	conn      *net.UDPConn
	onTrap    func([]byte)
}

// Listening is closed over by callers waiting for the listener to be up.
func (t *trapListener) Listening() <-chan bool { return t.listening }

func (t *trapListener) Listen(addr string) error {
	if addr == "" {
		return errors.New("no address")
	}
	return t.listenUDP(addr)
}

func (t *trapListener) listenUDP(addr string) error {
	udpAddr, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return err
	}
	t.conn, err = net.ListenUDP("udp", udpAddr)
	if err != nil {
		return err
	}
	defer t.conn.Close()
	t.listening <- true
	buf := make([]byte, 4096)
	for {
		n, _, err := t.conn.ReadFromUDP(buf)
		if err != nil {
			return err
		}
		t.onTrap(buf[:n])
	}
}

// StartTrapListener starts a listener and returns once it is up.
func StartTrapListener(addr string, onTrap func([]byte)) (*trapListener, error) {
	tl := &trapListener{listening: make(chan bool), onTrap: onTrap}
	errch := make(chan error, 1)
	go func() {
		if err := tl.Listen(addr); err != nil {
			errch <- err
		}
	}()
	select {
	case <-tl.Listening():
		return tl, nil
	case err := <-errch:
		return nil, err
	}
}
