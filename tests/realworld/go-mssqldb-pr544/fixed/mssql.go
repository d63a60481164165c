package mssql

import (
	"context"
	"io"
)

type Conn struct {
	sess *tdsSession
}

func (c *Conn) checkBadConn(err error) error {
	// the real driver maps network errors to driver.ErrBadConn here
	return err
}

type Stmt struct {
	c     *Conn
	query string
}

func (c *Conn) Prepare(query string) *Stmt {
	return &Stmt{c: c, query: query}
}

func (s *Stmt) sendQuery(ctx context.Context) error {
	// writes the SQL batch to the server
	return ctx.Err()
}

// QueryContext sends the query and waits for the column metadata.
func (s *Stmt) QueryContext(ctx context.Context) (*Rows, error) {
	if err := s.sendQuery(ctx); err != nil {
		return nil, s.c.checkBadConn(err)
	}
	return s.processQueryResponse(ctx)
}

func (s *Stmt) processQueryResponse(ctx context.Context) (*Rows, error) {
	tokchan := make(chan tokenStruct, 5)
	ctx, cancel := context.WithCancel(ctx)
	go processResponse(ctx, s.c.sess, tokchan)
	// process metadata
	var columns []columnStruct
loop:
	for tok := range tokchan {
		switch token := tok.(type) {
		case []columnStruct:
			columns = token
			break loop
		case doneStruct:
			if token.isError() {
				// stop the reader goroutine and release the context
				cancel()
				return nil, s.c.checkBadConn(token.getError())
			}
		case error:
			// stop the reader goroutine and release the context
			cancel()
			return nil, s.c.checkBadConn(token)
		}
	}
	return &Rows{stmt: s, tokchan: tokchan, cols: columns, cancel: cancel}, nil
}

// Rows owns the reader goroutine of its query; Close stops it.
type Rows struct {
	stmt    *Stmt
	cols    []columnStruct
	tokchan chan tokenStruct
	cancel  func()
}

func (rc *Rows) Close() error {
	rc.cancel()
	for range rc.tokchan {
	}
	rc.tokchan = nil
	return nil
}

func (rc *Rows) Columns() []string {
	names := make([]string, len(rc.cols))
	for i, c := range rc.cols {
		names[i] = c.ColName
	}
	return names
}

func (rc *Rows) Next(dest []interface{}) error {
	for tok := range rc.tokchan {
		switch token := tok.(type) {
		case []interface{}:
			copy(dest, token)
			return nil
		case doneStruct:
			if token.isError() {
				return rc.stmt.c.checkBadConn(token.getError())
			}
		case error:
			return rc.stmt.c.checkBadConn(token)
		}
	}
	return io.EOF
}
