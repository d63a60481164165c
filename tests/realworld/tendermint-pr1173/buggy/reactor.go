package mempool

import "sync"

type Peer interface {
	ID() string
	IsRunning() bool
	Send(chID byte, msg []byte) bool
}

type clistElement struct {
	Value interface{}
	next  *clistElement
}

// CList.FrontWait blocks until the list has a front element.
type CList struct {
	mtx  sync.Mutex
	wg   *sync.WaitGroup
	head *clistElement
	waitCh chan struct{}
}

func NewCList() *CList { return &CList{waitCh: make(chan struct{})} }

func (l *CList) FrontWait() *clistElement {
	for {
		l.mtx.Lock()
		head := l.head
		ch := l.waitCh
		l.mtx.Unlock()
		if head != nil {
			return head
		}
		<-ch
	}
}

func (l *CList) WaitChan() <-chan struct{} {
	l.mtx.Lock()
	defer l.mtx.Unlock()
	return l.waitCh
}

type Mempool struct{ txs *CList }

func (mem *Mempool) TxsFrontWait() *clistElement { return mem.txs.FrontWait() }

func (mem *Mempool) TxsWaitChan() <-chan struct{} { return mem.txs.WaitChan() }

type MempoolReactor struct {
	Mempool *Mempool
	Quit    chan struct{}
}

func (memR *MempoolReactor) AddPeer(peer Peer) {
	go memR.broadcastTxRoutine(peer)
}

func (memR *MempoolReactor) broadcastTxRoutine(peer Peer) {
	var next *clistElement
	for {
		if next == nil {
			next = memR.Mempool.TxsFrontWait()
			if next == nil {
				continue
			}
		}
		if !peer.IsRunning() {
			return
		}
		if tx, ok := next.Value.([]byte); ok {
			peer.Send(0x30, tx)
		}
		next = next.next
	}
}
