package kuberesolver

import "context"

// Stand-ins for the grpc resolver API and the Kubernetes watch client.

type Address struct {
	Addr string
}

type State struct {
	Addresses []Address
}

type ClientConn interface {
	UpdateState(State) error
}

type Target struct {
	Endpoint string
}

type Resolver interface {
	ResolveNow()
	Close()
}

type Endpoints struct {
	Addresses []string
}

type Event struct {
	Type   string
	Object Endpoints
}

type Watcher interface {
	ResultChan() <-chan Event
	Stop()
}

type K8sClient interface {
	WatchEndpoints(ctx context.Context, namespace, name string) (Watcher, error)
}
