package wallet

import "context"

// Ticket is a purchased ticket with its reward addresses.
type Ticket struct {
	VotingAddr  string
	SubsidyAddr string
}

// PurchaseTicketsRequest describes a ticket purchase.
type PurchaseTicketsRequest struct {
	Account uint32
	Count   int
}

// purchaseTickets derives the voting and subsidy addresses of each ticket and
// stores the tickets.
func (w *Wallet) purchaseTickets(req *PurchaseTicketsRequest) ([]*Ticket, error) {
	addrFunc := func(dbtx *ReadWriteTx, account uint32) (string, error) {
		return w.nextAddress(w.persistReturnedChild(dbtx), account)
	}

	var tickets []*Ticket
	err := w.db.Update(func(dbtx *ReadWriteTx) error {
		for i := 0; i < req.Count; i++ {
			votingAddr, err := addrFunc(dbtx, req.Account)
			if err != nil {
				return err
			}
			subsidyAddr, err := addrFunc(dbtx, req.Account)
			if err != nil {
				return err
			}
			t := &Ticket{VotingAddr: votingAddr, SubsidyAddr: subsidyAddr}
			if err := dbtx.PutTicket(t); err != nil {
				return err
			}
			tickets = append(tickets, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tickets, nil
}

// RunTicketBuyer buys tickets on every new block until ctx is done. It runs
// on its own goroutine, concurrently with the RPC server.
func (w *Wallet) RunTicketBuyer(ctx context.Context, blocks <-chan struct{}, req *PurchaseTicketsRequest) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-blocks:
			if _, err := w.purchaseTickets(req); err != nil {
				return err
			}
		}
	}
}
