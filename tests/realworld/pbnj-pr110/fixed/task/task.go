package task

import "context"

// Task runs BMC actions in the background and records their outcome.
type Task interface {
	Execute(ctx context.Context, description, taskID string, action func(chan string) (string, error))
}
