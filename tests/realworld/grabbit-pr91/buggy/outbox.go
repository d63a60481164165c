package mysql

import (
	"database/sql"
	"time"
)

type TxOutbox struct {
	db   *sql.DB
	exit chan bool
	send func(id int64, payload []byte) error
}

func NewOutbox(db *sql.DB, send func(int64, []byte) error) *TxOutbox {
	o := &TxOutbox{db: db, exit: make(chan bool), send: send}
	go o.processOutbox()
	return o
}

func (o *TxOutbox) processOutbox() {
	send := time.NewTicker(time.Second)
	defer send.Stop()
	for {
		select {
		case <-o.exit:
			return
		case <-send.C:
			_ = o.sendMessages()
		}
	}
}

func (o *TxOutbox) sendMessages() error {
	rows, err := o.db.Query("SELECT id, payload FROM outbox WHERE status = 0 LIMIT 100")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var payload []byte
		if err := rows.Scan(&id, &payload); err != nil {
			return err
		}
		if err := o.send(id, payload); err != nil {
			return err
		}
	}
	return rows.Close()
}

func (o *TxOutbox) Stop() { close(o.exit) }
