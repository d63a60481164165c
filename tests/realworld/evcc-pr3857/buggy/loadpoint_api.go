package core

// GetMode returns the loadpoint charge mode.
func (lp *LoadPoint) GetMode() ChargeMode {
	lp.Lock()
	defer lp.Unlock()
	return lp.Mode
}

// SetMode sets the loadpoint charge mode.
func (lp *LoadPoint) SetMode(mode ChargeMode) {
	lp.Lock()
	defer lp.Unlock()

	if lp.Mode != mode {
		lp.Mode = mode
		lp.publish("mode", mode)
		lp.requestUpdate()
	}
}

// GetTargetSoC returns the loadpoint charge target soc.
func (lp *LoadPoint) GetTargetSoC() int {
	lp.Lock()
	defer lp.Unlock()
	return lp.SoC.Target
}

// SetTargetSoC sets the loadpoint charge target soc.
func (lp *LoadPoint) SetTargetSoC(soc int) {
	lp.Lock()
	defer lp.Unlock()

	if lp.SoC.Target != soc {
		lp.setTargetSoC(soc)
		lp.requestUpdate()
	}
}

// setTargetSoC sets the target soc (no mutex).
func (lp *LoadPoint) setTargetSoC(soc int) {
	lp.SoC.Target = soc
	lp.publish("targetSoC", soc)
}

// SetMinSoC sets the loadpoint charge minimum soc.
func (lp *LoadPoint) SetMinSoC(soc int) {
	lp.Lock()
	defer lp.Unlock()

	if lp.SoC.Min != soc {
		lp.setMinSoC(soc)
		lp.requestUpdate()
	}
}

// setMinSoC sets the minimum soc (no mutex).
func (lp *LoadPoint) setMinSoC(soc int) {
	lp.SoC.Min = soc
	lp.publish("minSoC", soc)
}
