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
	// Addresses are derived before the database update: nextAddress takes
	// the address buffers mutex and then opens its own transaction, so it
	// must never run inside one.
	addrFunc := func(account uint32) (string, error) {
		return w.nextAddress(w.persistReturnedChild(nil), account)
	}

	tickets := make([]*Ticket, 0, req.Count)
	for i := 0; i < req.Count; i++ {
		votingAddr, err := addrFunc(req.Account)
		if err != nil {
			return nil, err
		}
		subsidyAddr, err := addrFunc(req.Account)
		if err != nil {
			return nil, err
		}
		tickets = append(tickets, &Ticket{VotingAddr: votingAddr, SubsidyAddr: subsidyAddr})
	}

	err := w.db.Update(func(dbtx *ReadWriteTx) error {
		for _, t := range tickets {
			if err := dbtx.PutTicket(t); err != nil {
				return err
			}
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
