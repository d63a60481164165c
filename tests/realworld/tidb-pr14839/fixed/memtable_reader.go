package executor

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

const clusterLogBatchSize = 256

type clusterLogRetriever struct {
	isDrained  bool
	retrieving bool
	heap       *logResponseHeap
	servers    []serverInfo
	req        *searchLogRequest
	dial       dialFunc
	cancel     context.CancelFunc
}

type logStreamResult struct {
	// Read the next stream result while current messages is drained
	next chan logStreamResult

	addr     string
	typ      string
	messages []*LogMessage
	err      error
}

type logResponseHeap []logStreamResult

func (h logResponseHeap) Len() int { return len(h) }

func (h logResponseHeap) Less(i, j int) bool {
	if lhs, rhs := h[i].messages[0].Time, h[j].messages[0].Time; lhs != rhs {
		return lhs < rhs
	}
	return h[i].typ < h[j].typ
}

func (h logResponseHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

func (h *logResponseHeap) Push(x interface{}) { *h = append(*h, x.(logStreamResult)) }

func (h *logResponseHeap) Pop() interface{} {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[0 : n-1]
	return x
}

func (e *clusterLogRetriever) startRetrieving(ctx context.Context, sctx *sessionContext) ([]chan logStreamResult, error) {
	if e.req == nil {
		return nil, errors.New("denied to scan full logs")
	}

	// The retrieve progress may be abort
	ctx, e.cancel = context.WithCancel(ctx)

	var results []chan logStreamResult
	for _, srv := range e.servers {
		typ := srv.ServerType
		address := srv.Address
		statusAddr := srv.StatusAddr
		if len(statusAddr) == 0 {
			sctx.AppendWarning(fmt.Errorf("%s node %s does not contain status address", typ, address))
			continue
		}
		ch := make(chan logStreamResult)
		results = append(results, ch)

		go func(ch chan logStreamResult, serverType, address, statusAddr string) {
			defer close(ch)

			// The TiDB node serves diagnostics on its status address
			remote := address
			if serverType == "tidb" {
				remote = statusAddr
			}
			conn, err := e.dial(remote)
			if err != nil {
				ch <- logStreamResult{addr: address, typ: serverType, err: err}
				return
			}
			defer conn.Close()

			stream, err := conn.SearchLog(ctx, e.req)
			if err != nil {
				ch <- logStreamResult{addr: address, typ: serverType, err: err}
				return
			}

			for {
				res, err := stream.Recv()
				if err != nil && err == io.EOF {
					return
				}
				if err != nil {
					select {
					case ch <- logStreamResult{addr: address, typ: serverType, err: err}:
					case <-ctx.Done():
					}
					return
				}

				result := logStreamResult{next: ch, addr: address, typ: serverType, messages: res.Messages}
				select {
				case ch <- result:
				case <-ctx.Done():
					return
				}
			}
		}(ch, typ, address, statusAddr)
	}

	return results, nil
}

func (e *clusterLogRetriever) retrieve(ctx context.Context, sctx *sessionContext) ([][]string, error) {
	if e.isDrained {
		return nil, nil
	}

	if !e.retrieving {
		e.retrieving = true
		results, err := e.startRetrieving(ctx, sctx)
		if err != nil {
			e.isDrained = true
			return nil, err
		}

		// initialize the heap
		e.heap = &logResponseHeap{}
		for _, ch := range results {
			result := <-ch
			if result.err != nil || len(result.messages) == 0 {
				if result.err != nil {
					sctx.AppendWarning(result.err)
				}
				continue
			}
			*e.heap = append(*e.heap, result)
		}
		heap.Init(e.heap)
	}

	// Merge the results
	var finalRows [][]string
	for e.heap.Len() > 0 && len(finalRows) < clusterLogBatchSize {
		minTimeItem := heap.Pop(e.heap).(logStreamResult)
		headMessage := minTimeItem.messages[0]
		loggingTime := time.UnixMilli(headMessage.Time)
		finalRows = append(finalRows, []string{
			loggingTime.Format("2006/01/02 15:04:05.000"),
			minTimeItem.typ,
			minTimeItem.addr,
			strings.ToUpper(headMessage.Level),
			headMessage.Message,
		})
		minTimeItem.messages = minTimeItem.messages[1:]
		// Current streaming result is drained, read the next to supply.
		if len(minTimeItem.messages) == 0 {
			result := <-minTimeItem.next
			if result.err != nil {
				sctx.AppendWarning(result.err)
				continue
			}
			if len(result.messages) > 0 {
				heap.Push(e.heap, result)
			}
		} else {
			heap.Push(e.heap, minTimeItem)
		}
	}

	// All streams are drained
	e.isDrained = e.heap.Len() == 0

	return finalRows, nil
}

// close is called by the parent executor, possibly before every stream is
// drained (e.g. SELECT ... LIMIT).
func (e *clusterLogRetriever) close() error {
	if e.cancel != nil {
		e.cancel()
	}
	return nil
}
