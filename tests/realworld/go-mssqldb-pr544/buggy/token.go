package mssql

import (
	"context"
	"errors"
)

// tokenStruct is one decoded token of a server reply: []columnStruct,
// []interface{} (a row), doneStruct or error.
type tokenStruct interface{}

type columnStruct struct {
	ColName string
}

const doneError = 0x2

type doneStruct struct {
	Status uint16
	errors []error
}

func (d doneStruct) isError() bool { return d.Status&doneError != 0 || len(d.errors) > 0 }

func (d doneStruct) getError() error {
	if len(d.errors) > 0 {
		return d.errors[len(d.errors)-1]
	}
	return errors.New("request failed but didn't provide reason")
}

// tdsSession stands in for the connection's wire state: it hands out the
// decoded tokens of the reply to the last request.
type tdsSession struct {
	reply chan tokenStruct
}

func (s *tdsSession) readToken() (tokenStruct, bool) {
	tok, ok := <-s.reply
	return tok, ok
}

// processResponse runs in its own goroutine for every request: it reads the
// reply and passes its tokens to ch until the reply ends or ctx is done,
// and closes ch when it stops.
func processResponse(ctx context.Context, sess *tdsSession, ch chan<- tokenStruct) {
	defer close(ch)
	for {
		tok, ok := sess.readToken()
		if !ok {
			return
		}
		select {
		case ch <- tok:
		case <-ctx.Done():
			// the real driver sends an attention packet here and
			// drains the reply before giving up
			return
		}
	}
}
