package kuberesolver

import (
	"context"
	"io"
	"log"
	"strings"
	"sync"
	"time"
)

type kubeBuilder struct {
	k8sClient K8sClient
}

func NewBuilder(client K8sClient) *kubeBuilder {
	return &kubeBuilder{k8sClient: client}
}

// Build starts the resolver's watch goroutine; gRPC calls Close when the
// connection goes away.
func (b *kubeBuilder) Build(target Target, cc ClientConn) (Resolver, error) {
	namespace, name := "default", target.Endpoint
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name, namespace = name[:i], name[i+1:]
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &kResolver{
		namespace: namespace,
		name:      name,
		ctx:       ctx,
		cancel:    cancel,
		cc:        cc,
		k8sClient: b.k8sClient,
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		until(func() {
			err := r.watch()
			if err != nil && err != io.EOF {
				log.Printf("kuberesolver: watching ended with error='%v', will reconnect again", err)
			}
		}, time.Second, time.Second*30, ctx.Done())
	}()
	return r, nil
}

type kResolver struct {
	namespace string
	name      string
	ctx       context.Context
	cancel    context.CancelFunc
	cc        ClientConn
	k8sClient K8sClient
	// wg makes Close return only after the watch goroutine has finished.
	wg sync.WaitGroup
}

func (k *kResolver) ResolveNow() {}

func (k *kResolver) Close() {
	k.cancel()
	k.wg.Wait()
}

func (k *kResolver) handle(e Endpoints) {
	addrs := make([]Address, 0, len(e.Addresses))
	for _, a := range e.Addresses {
		addrs = append(addrs, Address{Addr: a})
	}
	_ = k.cc.UpdateState(State{Addresses: addrs})
}

func (k *kResolver) watch() error {
	sw, err := k.k8sClient.WatchEndpoints(k.ctx, k.namespace, k.name)
	if err != nil {
		return err
	}
	defer sw.Stop()
	for {
		select {
		case <-k.ctx.Done():
			return nil
		case up, hasMore := <-sw.ResultChan():
			if !hasMore {
				return nil
			}
			k.handle(up.Object)
		}
	}
}
