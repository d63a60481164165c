package oob

import "context"

// BootDeviceSetter and PowerSetter talk to a machine's BMC.
type BootDeviceSetter struct{ status chan string }

func NewBootDeviceSetter(status chan string) (*BootDeviceSetter, error) {
	return &BootDeviceSetter{status: status}, nil
}

func (m *BootDeviceSetter) BootDeviceSet(ctx context.Context, device string, persistent, efiBoot bool) (string, error) {
	select {
	case m.status <- "setting boot device " + device:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return "boot device set: " + device, nil
}

type PowerSetter struct{ status chan string }

func NewPowerSetter(status chan string) (*PowerSetter, error) {
	return &PowerSetter{status: status}, nil
}

func (m *PowerSetter) PowerSet(ctx context.Context, action string) (string, error) {
	select {
	case m.status <- "power " + action:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return "power " + action + " complete", nil
}
