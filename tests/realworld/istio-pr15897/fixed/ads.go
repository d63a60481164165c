package v2

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// SendTimeout bounds one ADS send, so that an Envoy that stopped reading is noticed.
var SendTimeout = 5 * time.Second

var xdsResponseWriteTimeouts int64

const (
	ClusterType  = "type.googleapis.com/envoy.api.v2.Cluster"
	ListenerType = "type.googleapis.com/envoy.api.v2.Listener"
	RouteType    = "type.googleapis.com/envoy.api.v2.RouteConfiguration"
	EndpointType = "type.googleapis.com/envoy.api.v2.ClusterLoadAssignment"
)

type DiscoveryRequest struct {
	TypeUrl       string
	ResponseNonce string
}

type DiscoveryResponse struct {
	TypeUrl     string
	VersionInfo string
	Nonce       string
}

// DiscoveryStream is the gRPC stream of one connected Envoy.
type DiscoveryStream interface {
	Send(*DiscoveryResponse) error
	Recv() (*DiscoveryRequest, error)
	Context() context.Context
}

// XdsEvent asks a connection to push; done must be called when the push is over.
type XdsEvent struct {
	version string
	done    func()
}

// XdsConnection is one Envoy's ADS connection.
type XdsConnection struct {
	mu sync.RWMutex

	ConID       string
	pushChannel chan *XdsEvent
	stream      DiscoveryStream

	ClusterNonceSent, ListenerNonceSent string
	RouteNonceSent, EndpointNonceSent   string
	RouteVersionInfoSent                string
}

type DiscoveryServer struct{}

func newXdsConnection(id string, stream DiscoveryStream) *XdsConnection {
	return &XdsConnection{ConID: id, pushChannel: make(chan *XdsEvent), stream: stream}
}

func receiveThread(con *XdsConnection, reqChannel chan *DiscoveryRequest, errP *error) {
	defer close(reqChannel)
	for {
		req, err := con.stream.Recv()
		if err != nil {
			if err != io.EOF {
				*errP = err
			}
			return
		}
		select {
		case reqChannel <- req:
		case <-con.stream.Context().Done():
			return
		}
	}
}

// StreamAggregatedResources serves one Envoy until it goes away or a push fails.
func (s *DiscoveryServer) StreamAggregatedResources(id string, stream DiscoveryStream) error {
	con := newXdsConnection(id, stream)
	var receiveError error
	reqChannel := make(chan *DiscoveryRequest, 1)
	go receiveThread(con, reqChannel, &receiveError)

	for {
		select {
		case req, ok := <-reqChannel:
			if !ok {
				return receiveError
			}
			if req.TypeUrl == ListenerType {
				if err := s.pushLds(con, "init"); err != nil {
					return err
				}
			}
		case ev := <-con.pushChannel:
			err := s.pushLds(con, ev.version)
			ev.done()
			if err != nil {
				return nil
			}
		}
	}
}

func (s *DiscoveryServer) pushLds(con *XdsConnection, version string) error {
	res := &DiscoveryResponse{TypeUrl: ListenerType, VersionInfo: version, Nonce: version}
	if err := con.send(res); err != nil {
		log.Printf("LDS: send failure for %s: %v", con.ConID, err)
		return err
	}
	return nil
}

// send writes one response, giving up after SendTimeout.
func (conn *XdsConnection) send(res *DiscoveryResponse) error {
	done := make(chan error, 1)
	t := time.NewTimer(SendTimeout)
	go func() {
		err := conn.stream.Send(res)
		done <- err
		conn.mu.Lock()
		if res.Nonce != "" {
			switch res.TypeUrl {
			case ClusterType:
				conn.ClusterNonceSent = res.Nonce
			case ListenerType:
				conn.ListenerNonceSent = res.Nonce
			case RouteType:
				conn.RouteNonceSent = res.Nonce
			case EndpointType:
				conn.EndpointNonceSent = res.Nonce
			}
		}
		if res.TypeUrl == RouteType {
			conn.RouteVersionInfoSent = res.VersionInfo
		}
		conn.mu.Unlock()
	}()
	select {
	case <-t.C:
		log.Printf("timeout writing to %s", conn.ConID)
		atomic.AddInt64(&xdsResponseWriteTimeouts, 1)
		return errors.New("timeout sending")
	case err := <-done:
		t.Stop()
		return err
	}
}
