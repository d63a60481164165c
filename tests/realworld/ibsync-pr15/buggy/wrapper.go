package ibsync

import "log"

// WrapperSync receives the callbacks of the EClient reader and keeps the state in sync.
type WrapperSync struct {
	state *ibState
}

// NewWrapperSync returns a wrapper updating state.
func NewWrapperSync(state *ibState) *WrapperSync {
	return &WrapperSync{state: state}
}

// NextValidID is sent by TWS with the next order ID to use.
func (w *WrapperSync) NextValidID(reqID int64) {
	log.Printf("<NextValidID> %d", reqID)
	w.state.mu.Lock()
	defer w.state.mu.Unlock()
	w.state.updateID(reqID)
}

// ManagedAccounts is sent by TWS with the accounts of the session.
func (w *WrapperSync) ManagedAccounts(accounts []string) {
	w.state.mu.Lock()
	defer w.state.mu.Unlock()
	w.state.accounts = accounts
}
