package consulcatalog

type Provider struct {
	client interface {
		Services(index uint64) (map[string][]string, uint64, error)
		Health(index uint64) ([]string, uint64, error)
	}
}

func (p *Provider) watchCatalogServices(stopCh <-chan struct{}, watchCh chan<- map[string][]string, errorCh chan<- error) {
	go func() {
		var index uint64
		for {
			select {
			case <-stopCh:
				return
			default:
			}
			data, idx, err := p.client.Services(index)
			if err != nil {
				errorCh <- err
				return
			}
			index = idx
			select {
			case watchCh <- data:
			case <-stopCh:
				return
			}
		}
	}()
}

func (p *Provider) watchHealthState(stopCh <-chan struct{}, watchCh chan<- map[string][]string, errorCh chan<- error) {
	go func() {
		var index uint64
		for {
			select {
			case <-stopCh:
				return
			default:
			}
			_, idx, err := p.client.Health(index)
			if err != nil {
				errorCh <- err
				return
			}
			index = idx
		}
	}()
}

func (p *Provider) watch(stopCh <-chan struct{}) error {
	stopWatch := make(chan struct{})
	defer close(stopWatch)
	watchCh := make(chan map[string][]string)
	errorCh := make(chan error, 2)
	p.watchHealthState(stopWatch, watchCh, errorCh)
	p.watchCatalogServices(stopWatch, watchCh, errorCh)
	for {
		select {
		case <-stopCh:
			return nil
		case <-watchCh:
		case err := <-errorCh:
			return err
		}
	}
}
