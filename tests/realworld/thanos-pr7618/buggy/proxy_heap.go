package store

import (
	"context"
	"io"
	"sync"
	"time"
)

type respSet interface {
	Next() bool
	At() *SeriesResponse
	Close()
}

// lazyRespSet buffers a store's responses on a background goroutine while
// letting the reader consume them one by one; Next blocks until there is
// data or the stream has ended.
type lazyRespSet struct {
	closeSeries  context.CancelFunc
	storeName    string
	frameTimeout time.Duration

	dataOrFinishEvent    *sync.Cond
	bufferedResponses    []*SeriesResponse
	bufferedResponsesMtx *sync.Mutex
	lastResp             *SeriesResponse

	noMoreData  bool
	initialized bool
}

func (l *lazyRespSet) Next() bool {
	l.bufferedResponsesMtx.Lock()
	defer l.bufferedResponsesMtx.Unlock()

	l.initialized = true
	for len(l.bufferedResponses) == 0 && !l.noMoreData {
		l.dataOrFinishEvent.Wait()
	}
	if len(l.bufferedResponses) == 0 {
		l.lastResp = nil
		return false
	}
	l.lastResp = l.bufferedResponses[0]
	l.bufferedResponses = l.bufferedResponses[1:]
	return true
}

func (l *lazyRespSet) At() *SeriesResponse {
	if !l.initialized {
		panic("please call Next before At")
	}
	return l.lastResp
}

func (l *lazyRespSet) Close() {
	l.bufferedResponsesMtx.Lock()
	defer l.bufferedResponsesMtx.Unlock()

	l.closeSeries()
	l.noMoreData = true
	l.dataOrFinishEvent.Signal()
}

func newLazyRespSet(frameTimeout time.Duration, storeName string, closeSeries context.CancelFunc, cl SeriesClient) respSet {
	mtx := &sync.Mutex{}
	respSet := &lazyRespSet{
		frameTimeout:         frameTimeout,
		storeName:            storeName,
		closeSeries:          closeSeries,
		dataOrFinishEvent:    sync.NewCond(mtx),
		bufferedResponsesMtx: mtx,
	}

	go func(st string, l *lazyRespSet) {
		handleRecvResponse := func(t *time.Timer) bool {
			if t != nil {
				defer t.Reset(frameTimeout)
			}

			resp, err := cl.Recv()
			if err != nil {
				if err == io.EOF {
					l.bufferedResponsesMtx.Lock()
					l.noMoreData = true
					l.dataOrFinishEvent.Signal()
					l.bufferedResponsesMtx.Unlock()
					return false
				}

				var rerr error
				// The timer has already fired: the frame timeout cancelled the stream.
				if t != nil && !t.Stop() {
					<-t.C // Drain the channel if it was already stopped.
					rerr = wrapf(err, "failed to receive any data in %s from %s", l.frameTimeout, st)
				} else {
					rerr = wrapf(err, "receive series from %s", st)
				}

				l.bufferedResponsesMtx.Lock()
				l.bufferedResponses = append(l.bufferedResponses, newWarnSeriesResponse(rerr))
				l.noMoreData = true
				l.dataOrFinishEvent.Signal()
				l.bufferedResponsesMtx.Unlock()
				return false
			}

			l.bufferedResponsesMtx.Lock()
			l.bufferedResponses = append(l.bufferedResponses, resp)
			l.dataOrFinishEvent.Signal()
			l.bufferedResponsesMtx.Unlock()
			return true
		}

		var t *time.Timer
		if frameTimeout > 0 {
			t = time.AfterFunc(frameTimeout, closeSeries)
			defer t.Stop()
		}
		for {
			if !handleRecvResponse(t) {
				return
			}
		}
	}(storeName, respSet)

	return respSet
}

// eagerRespSet reads the whole stream on a background goroutine before
// Next returns anything.
type eagerRespSet struct {
	closeSeries  context.CancelFunc
	frameTimeout time.Duration
	storeName    string

	bufferedResponses []*SeriesResponse
	wg                *sync.WaitGroup
	i                 int
}

func newEagerRespSet(frameTimeout time.Duration, storeName string, closeSeries context.CancelFunc, cl SeriesClient) respSet {
	ret := &eagerRespSet{
		closeSeries:  closeSeries,
		frameTimeout: frameTimeout,
		storeName:    storeName,
		wg:           &sync.WaitGroup{},
		i:            -1,
	}
	ret.wg.Add(1)

	go func(l *eagerRespSet) {
		defer ret.wg.Done()

		handleRecvResponse := func(t *time.Timer) bool {
			if t != nil {
				defer t.Reset(frameTimeout)
			}

			resp, err := cl.Recv()
			if err != nil {
				if err == io.EOF {
					return false
				}

				var rerr error
				// The timer has already fired: the frame timeout cancelled the stream.
				if t != nil && !t.Stop() {
					<-t.C // Drain the channel if it was already stopped.
					rerr = wrapf(err, "failed to receive any data in %s from %s", l.frameTimeout, l.storeName)
				} else {
					rerr = wrapf(err, "receive series from %s", l.storeName)
				}
				l.bufferedResponses = append(l.bufferedResponses, newWarnSeriesResponse(rerr))
				return false
			}

			l.bufferedResponses = append(l.bufferedResponses, resp)
			return true
		}

		var t *time.Timer
		if frameTimeout > 0 {
			t = time.AfterFunc(frameTimeout, closeSeries)
			defer t.Stop()
		}
		for {
			if !handleRecvResponse(t) {
				return
			}
		}
	}(ret)

	return ret
}

func (l *eagerRespSet) Next() bool {
	l.wg.Wait()
	l.i++
	return l.i < len(l.bufferedResponses)
}

func (l *eagerRespSet) At() *SeriesResponse {
	if len(l.bufferedResponses) == 0 || l.i >= len(l.bufferedResponses) {
		return nil
	}
	return l.bufferedResponses[l.i]
}

func (l *eagerRespSet) Close() {
	l.closeSeries()
}

// newAsyncRespSet opens the Series stream of one store and wraps it in a
// lazy or eager response set, each of which reads it on its own goroutine.
func newAsyncRespSet(ctx context.Context, st Client, frameTimeout time.Duration, lazy bool) (respSet, error) {
	seriesCtx, closeSeries := context.WithCancel(ctx)

	cl, err := st.Series(seriesCtx)
	if err != nil {
		closeSeries()
		return nil, wrapf(err, "fetch series for %s", st)
	}

	if lazy {
		return newLazyRespSet(frameTimeout, st.String(), closeSeries, cl), nil
	}
	return newEagerRespSet(frameTimeout, st.String(), closeSeries, cl), nil
}
