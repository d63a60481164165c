package consul

import "context"

type KVPair struct {
	Key       string
	Value     []byte
	LastIndex uint64
}

type kvClient interface {
	List(prefix string, waitIndex uint64) ([]KVPair, uint64, error)
}

type ConsulClient struct {
	client kvClient
}

type watchResponse struct {
	waitIndex uint64
	err       error
}

func (c *ConsulClient) WatchPrefix(ctx context.Context, prefix string, waitIndex uint64, stopChan chan bool) (uint64, error) {
	respChan := make(chan watchResponse)
	go func() {
		_, meta, err := c.client.List(prefix, waitIndex)
		if err != nil {
			respChan <- watchResponse{waitIndex, err}
			return
		}
		respChan <- watchResponse{meta, err}
	}()

	select {
	case <-ctx.Done():
		return waitIndex, ctx.Err()
	case <-stopChan:
		return waitIndex, nil
	case r := <-respChan:
		return r.waitIndex, r.err
	}
}
