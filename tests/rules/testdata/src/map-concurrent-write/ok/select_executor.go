package ok

import (
	"net"
	"reflect"
)

// shape: one event loop serves management operations and new connections; operations are
// closures handed over a channel, received through reflect.Select and run by a helper, so the
// map is only ever touched on the loop's goroutine
type mgmtOp struct {
	f     func() error
	errCh chan error
}

type BgpServer struct {
	mgmtCh    chan *mgmtOp
	acceptCh  chan *net.TCPConn
	neighbors map[string]int
}

func (s *BgpServer) Serve() {
	for {
		cases := []reflect.SelectCase{
			{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(s.mgmtCh)},
			{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(s.acceptCh)},
		}
		chosen, value, _ := reflect.Select(cases)
		switch chosen {
		case 0:
			s.handleOp(value.Interface().(*mgmtOp))
		case 1:
			s.accept(value.Interface().(*net.TCPConn))
		}
	}
}

func (s *BgpServer) handleOp(op *mgmtOp) {
	op.errCh <- op.f()
}

func (s *BgpServer) accept(conn *net.TCPConn) {
	s.neighbors[conn.RemoteAddr().String()]++
}

func (s *BgpServer) mgmtOperation(f func() error) (err error) {
	ch := make(chan error)
	defer func() { err = <-ch }()
	s.mgmtCh <- &mgmtOp{f: f, errCh: ch}
	return
}

func (s *BgpServer) count(addr string) (n int) {
	s.mgmtOperation(func() error {
		n = s.neighbors[addr]
		return nil
	})
	return n
}

func (s *BgpServer) Watch(addrs []string) {
	for _, a := range addrs {
		go func(a string) {
			_ = s.count(a)
		}(a)
	}
}

func NewBgpServer() *BgpServer {
	s := &BgpServer{mgmtCh: make(chan *mgmtOp, 1), acceptCh: make(chan *net.TCPConn), neighbors: map[string]int{}}
	go s.Serve()
	return s
}
