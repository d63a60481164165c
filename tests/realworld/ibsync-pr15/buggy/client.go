package ibsync

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// EClient sends requests to TWS and dispatches its answers to the wrapper
// from its reader goroutine.
type EClient struct {
	w       io.Writer
	wrapper *WrapperSync
}

// NewEClient returns a client answering to wrapper.
func NewEClient(wrapper *WrapperSync) *EClient {
	return &EClient{wrapper: wrapper}
}

// Connect starts the reader goroutine on conn.
func (c *EClient) Connect(conn io.ReadWriter) {
	c.w = conn
	go c.reader(conn)
}

func (c *EClient) reader(r io.Reader) {
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 2 {
			continue
		}
		id, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			continue
		}
		switch fields[0] {
		case "nextValidId":
			c.wrapper.NextValidID(id)
		case "managedAccounts":
			c.wrapper.ManagedAccounts([]string{fields[1]})
		}
	}
}

// ReqPnL asks TWS for PnL updates.
func (c *EClient) ReqPnL(reqID int64, account string, modelCode string) {
	io.WriteString(c.w, "reqPnL "+strconv.FormatInt(reqID, 10)+" "+account+" "+modelCode+"\n")
}

// CancelPnL stops PnL updates.
func (c *EClient) CancelPnL(reqID int64) {
	io.WriteString(c.w, "cancelPnL "+strconv.FormatInt(reqID, 10)+"\n")
}
