package conntrack

import "errors"

// Stand-ins for github.com/mdlayher/netlink and github.com/ti-mo/netfilter.

type Message struct {
	Data []byte
}

type NetlinkGroup uint32

// netfilterConn is the netfilter socket the Conn wraps.
type netfilterConn interface {
	Receive() ([]Message, error)
	JoinGroups(groups []NetlinkGroup) error
	IsMulticast() bool
	Close() error
}

var (
	errClosed           = errors.New("use of closed file")
	errNoWorkers        = errors.New("number of workers to start cannot be 0")
	errConnHasListeners = errors.New("Conn has existing listeners, open another to listen on more groups")
	errMultipartEvent   = errors.New("received multi-part netlink message")
)

// Event is a conntrack event decoded from one netlink message.
type Event struct {
	Type uint8
	Data []byte
}

func (e *Event) unmarshal(m Message) error {
	if len(m.Data) == 0 {
		return errors.New("empty event message")
	}
	e.Type = m.Data[0]
	e.Data = m.Data[1:]
	return nil
}
