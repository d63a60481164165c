package backend

// StartValidating starts the istanbul core.
func (sb *Backend) StartValidating() error {
	sb.coreMu.Lock()
	defer sb.coreMu.Unlock()
	sb.coreStarted = true
	return nil
}

// StopValidating stops the istanbul core.
func (sb *Backend) StopValidating() error {
	sb.coreMu.Lock()
	defer sb.coreMu.Unlock()
	sb.coreStarted = false
	return nil
}

// StartAnnouncing starts the announce thread.
func (sb *Backend) StartAnnouncing() error {
	sb.announceMu.Lock()
	defer sb.announceMu.Unlock()
	if sb.announceRunning {
		return ErrStartedAnnounce
	}

	sb.announceThreadQuit = make(chan struct{})
	sb.announceRunning = true

	go sb.announceThread()

	return nil
}

// StopAnnouncing stops the announce thread and waits for it to exit.
func (sb *Backend) StopAnnouncing() error {
	sb.announceMu.Lock()
	defer sb.announceMu.Unlock()

	if !sb.announceRunning {
		return ErrStoppedAnnounce
	}

	close(sb.announceThreadQuit)
	sb.announceThreadWg.Wait()

	sb.announceRunning = false

	return nil
}
