package core

// ChargeMode is the loadpoint charge mode.
type ChargeMode string

// ActionConfig is what a vehicle applies to the loadpoint once it is identified.
type ActionConfig struct {
	Mode      *ChargeMode
	MinSoC    *int
	TargetSoC *int
}

// Vehicle is the stand-in for api.Vehicle.
type Vehicle interface {
	Title() string
	Identifiers() []string
	OnIdentified() ActionConfig
}

// Identifier is implemented by chargers that can read the vehicle id.
type Identifier interface {
	Identify() (string, error)
}

// Param is a value published to the UI.
type Param struct {
	LoadPoint int
	Key       string
	Val       interface{}
}
