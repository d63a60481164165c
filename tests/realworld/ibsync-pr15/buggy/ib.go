package ibsync

import (
	"io"
	"log"
)

// IB gives access to the state kept in sync with TWS and to its requests.
type IB struct {
	state   *ibState
	eClient *EClient
	wrapper *WrapperSync
}

// NewIB wires the state, the wrapper and the client.
func NewIB() *IB {
	state := NewState()
	wrapper := NewWrapperSync(state)
	return &IB{
		state:   state,
		eClient: NewEClient(wrapper),
		wrapper: wrapper,
	}
}

// Connect starts talking to TWS over conn.
func (ib *IB) Connect(conn io.ReadWriter) {
	ib.eClient.Connect(conn)
}

// NextID returns a local next request ID.
func (ib *IB) NextID() int64 {
	ib.state.mu.Lock()
	defer ib.state.mu.Unlock()
	currentID := ib.state.nextValidID
	ib.state.nextValidID++
	return currentID
}

// ReqPnL requests and subscribes the PnL of the given account.
func (ib *IB) ReqPnL(account string, modelCode string) {
	reqID := ib.NextID()
	key := Key(account, modelCode)

	ib.state.mu.Lock()
	_, ok := ib.state.pnlKey2ReqID[key]
	if ok {
		log.Printf("pnl request already made for %s %s", account, modelCode)
		return
	}
	ib.state.pnlKey2ReqID[key] = reqID
	ib.state.reqID2Pnl[reqID] = &Pnl{Account: account, ModelCode: modelCode}
	ib.state.mu.Unlock()

	ib.eClient.ReqPnL(reqID, account, modelCode)
}

// CancelPnL cancels the PnL updates of the given account.
func (ib *IB) CancelPnL(account string, modelCode string) {
	ib.state.mu.Lock()
	reqID, ok := ib.state.pnlKey2ReqID[Key(account, modelCode)]
	if !ok {
		log.Printf("no pnl request to cancel for %s %s", account, modelCode)
		return
	}
	ib.state.mu.Unlock()
	ib.eClient.CancelPnL(reqID)
}

// Pnl returns the PnL values of the given account and model ("" for all).
func (ib *IB) Pnl(account string, modelCode string) []Pnl {
	ib.state.mu.Lock()
	defer ib.state.mu.Unlock()
	var pnls []Pnl
	for _, pnl := range ib.state.reqID2Pnl {
		if (account == "" || account == pnl.Account) && (modelCode == "" || modelCode == pnl.ModelCode) {
			pnls = append(pnls, *pnl)
		}
	}
	return pnls
}
