package core

import "sync"

// WalletBalance is the balance reported by a wallet backend.
type WalletBalance struct {
	Available uint64
	Locked    uint64
}

// WalletState is the snapshot of a wallet that is sent to the frontends.
type WalletState struct {
	Symbol  string
	AssetID uint32
	Open    bool
	Running bool
	Balance *WalletBalance
	Address string
}

// xcWallet is a wallet as seen by Core.
type xcWallet struct {
	AssetID uint32
	Symbol  string

	mtx      sync.RWMutex
	encPW    []byte // empty means the wallet has no password
	pw       []byte // decrypted password, cached while unlocked
	balance  *WalletBalance
	address  string
	hookedUp bool
}

// locallyUnlocked reports whether the wallet can be used without asking
// the user for its password.
func (w *xcWallet) locallyUnlocked() bool {
	w.mtx.RLock()
	defer w.mtx.RUnlock()
	return len(w.encPW) == 0 || len(w.pw) > 0
}

// state returns the current WalletState.
func (w *xcWallet) state() *WalletState {
	w.mtx.RLock()
	defer w.mtx.RUnlock()
	return &WalletState{
		Symbol:  w.Symbol,
		AssetID: w.AssetID,
		Open:    w.locallyUnlocked(),
		Running: w.hookedUp,
		Balance: w.balance,
		Address: w.address,
	}
}

// setBalance sets the wallet balance.
func (w *xcWallet) setBalance(bal *WalletBalance) {
	w.mtx.Lock()
	w.balance = bal
	w.mtx.Unlock()
}

// unlock caches the decrypted password.
func (w *xcWallet) unlock(pw []byte) {
	w.mtx.Lock()
	w.pw = pw
	w.mtx.Unlock()
}
