package backend

// Ethereum is the node service that owns the consensus backend.
type Ethereum struct {
	engine *Backend
}

func NewEthereum(engine *Backend) *Ethereum {
	return &Ethereum{engine: engine}
}

// Start starts validating and announcing, as the node does on startup.
func (s *Ethereum) Start() error {
	if err := s.engine.StartValidating(); err != nil {
		return err
	}
	return s.startAnnounce()
}

// Stop stops announcing and validating, as the node does on shutdown or
// when it stops being a validator.
func (s *Ethereum) Stop() error {
	s.stopAnnounce()
	return s.engine.StopValidating()
}

func (s *Ethereum) startAnnounce() error {
	return s.engine.StartAnnouncing()
}

func (s *Ethereum) stopAnnounce() {
	if err := s.engine.StopAnnouncing(); err != nil {
		s.engine.logger.Printf("stop announcing: %v", err)
	}
}
