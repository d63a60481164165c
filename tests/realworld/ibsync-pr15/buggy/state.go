package ibsync

import (
	"fmt"
	"strings"
	"sync"
)

// Pnl is the daily and total PnL of one account and model.
type Pnl struct {
	Account       string
	ModelCode     string
	DailyPNL      float64
	UnrealizedPnl float64
	RealizedPNL   float64
}

// ibState holds the data kept in sync with the TWS/IBG application.
type ibState struct {
	mu           sync.Mutex
	accounts     []string
	nextValidID  int64
	reqID2Pnl    map[int64]*Pnl   // reqId -> Pnl
	pnlKey2ReqID map[string]int64 // Key(account, modelCode) -> reqID
}

// NewState creates an empty state.
func NewState() *ibState {
	return &ibState{
		nextValidID:  -1,
		reqID2Pnl:    make(map[int64]*Pnl),
		pnlKey2ReqID: make(map[string]int64),
	}
}

// updateID moves the next request ID to at least minID.
func (s *ibState) updateID(minID int64) {
	s.nextValidID = max(s.nextValidID, minID)
}

// Key joins its parts into a map key.
func Key(parts ...any) string {
	strs := make([]string, len(parts))
	for i, p := range parts {
		strs[i] = fmt.Sprint(p)
	}
	return strings.Join(strs, "::")
}
