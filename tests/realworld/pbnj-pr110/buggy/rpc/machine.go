package rpc

import (
	"context"
	"strconv"
	"time"

	"example.com/pbnj-pr110/oob"
	"example.com/pbnj-pr110/task"
)

type DeviceRequest struct {
	BootDevice string
	Persistent bool
	EfiBoot    bool
}

type PowerRequest struct {
	PowerAction string
}

// MachineService does power and boot device actions.
type MachineService struct {
	// Timeout bounds how long a background task may run before it is
	// cancelled.
	Timeout    time.Duration
	TaskRunner task.Task
}

func newTaskID() string {
	return strconv.FormatInt(time.Now().UnixNano(), 36)
}

// BootDevice queues setting the next boot device and returns the task ID.
func (m *MachineService) BootDevice(ctx context.Context, in *DeviceRequest) (string, error) {
	taskID := newTaskID()

	execFunc := func(s chan string) (string, error) {
		mbd, err := oob.NewBootDeviceSetter(s)
		if err != nil {
			return "", err
		}
		// A background task must outlive the request, so it gets a fresh
		// context with its own timeout.
		taskCtx, cancel := context.WithTimeout(context.Background(), m.Timeout)
		_ = cancel
		return mbd.BootDeviceSet(taskCtx, in.BootDevice, in.Persistent, in.EfiBoot)
	}
	m.TaskRunner.Execute(ctx, "setting boot device", taskID, execFunc)

	return taskID, nil
}

// Power queues a power action against the BMC and returns the task ID.
func (m *MachineService) Power(ctx context.Context, in *PowerRequest) (string, error) {
	taskID := newTaskID()

	execFunc := func(s chan string) (string, error) {
		mp, err := oob.NewPowerSetter(s)
		if err != nil {
			return "", err
		}
		taskCtx, cancel := context.WithTimeout(context.Background(), m.Timeout)
		_ = cancel
		return mp.PowerSet(taskCtx, in.PowerAction)
	}
	m.TaskRunner.Execute(ctx, "power action: "+in.PowerAction, taskID, execFunc)

	return taskID, nil
}
