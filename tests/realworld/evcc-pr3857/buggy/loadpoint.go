package core

import (
	"strings"
	"sync"
	"time"
)

// SoCConfig holds the soc limits of a loadpoint.
type SoCConfig struct {
	Min    int
	Target int
}

// LoadPoint is one charge point. Its mutex guards the settings that the API
// and the control loop both change.
type LoadPoint struct {
	sync.Mutex

	Title string
	Mode  ChargeMode
	SoC   SoCConfig

	charger  interface{}
	vehicles []Vehicle
	vehicle  Vehicle

	uiChan      chan<- Param
	triggerChan chan struct{}
}

// NewLoadPoint creates a loadpoint for the given charger and vehicles.
func NewLoadPoint(charger interface{}, vehicles []Vehicle, uiChan chan<- Param) *LoadPoint {
	return &LoadPoint{
		Mode:        "off",
		SoC:         SoCConfig{Target: 100},
		charger:     charger,
		vehicles:    vehicles,
		uiChan:      uiChan,
		triggerChan: make(chan struct{}, 1),
	}
}

func (lp *LoadPoint) publish(key string, val interface{}) {
	select {
	case lp.uiChan <- Param{Key: key, Val: val}:
	default:
	}
}

func (lp *LoadPoint) requestUpdate() {
	select {
	case lp.triggerChan <- struct{}{}:
	default:
	}
}

// Run is the control loop of the loadpoint, started by the site.
func (lp *LoadPoint) Run(interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
		case <-lp.triggerChan:
		}
		lp.Update()
	}
}

// Update runs one control cycle.
func (lp *LoadPoint) Update() {
	lp.identifyVehicle()
}

// identifyVehicle reads the vehicle id from the charger and activates the
// matching vehicle.
func (lp *LoadPoint) identifyVehicle() {
	identifier, ok := lp.charger.(Identifier)
	if !ok {
		return
	}
	id, err := identifier.Identify()
	if err != nil || id == "" {
		return
	}
	if vehicle := lp.selectVehicleByID(id); vehicle != nil {
		lp.setActiveVehicle(vehicle)
	}
}

func (lp *LoadPoint) selectVehicleByID(id string) Vehicle {
	for _, vehicle := range lp.vehicles {
		for _, vid := range vehicle.Identifiers() {
			if strings.EqualFold(id, vid) {
				return vehicle
			}
		}
	}
	return nil
}

// applyAction executes the vehicle's onIdentify action.
func (lp *LoadPoint) applyAction(actionCfg ActionConfig) {
	if actionCfg.Mode != nil {
		lp.SetMode(*actionCfg.Mode)
	}
	if actionCfg.MinSoC != nil {
		lp.SetMinSoC(*actionCfg.MinSoC)
	}
	if actionCfg.TargetSoC != nil {
		lp.SetTargetSoC(*actionCfg.TargetSoC)
	}
}

// setActiveVehicle assigns the currently active vehicle.
func (lp *LoadPoint) setActiveVehicle(vehicle Vehicle) {
	lp.Lock()
	defer lp.Unlock()

	if lp.vehicle == vehicle {
		return
	}

	// reset minSoC and targetSoC before change
	lp.setMinSoC(0)
	lp.setTargetSoC(100)

	if lp.vehicle = vehicle; vehicle != nil {
		lp.publish("vehiclePresent", true)
		lp.publish("vehicleTitle", vehicle.Title())

		lp.applyAction(vehicle.OnIdentified())
	} else {
		lp.publish("vehiclePresent", false)
		lp.publish("vehicleTitle", "")
	}
}
