package libgit

import (
	"context"
	"os"
)

// Config is the per-operation KBFS configuration libgit runs with.
type Config struct {
	storageRoot string
	shutdown    bool
}

// Shutdown stops the configuration's background work.
func (c *Config) Shutdown(ctx context.Context) error {
	c.shutdown = true
	return nil
}

// TlfHandle names a top-level folder.
type TlfHandle struct {
	name string
}

// GetCanonicalPath returns the folder's path.
func (h *TlfHandle) GetCanonicalPath() string { return "/keybase/team/" + h.name }

// Init sets up a KBFS configuration for git operations. Like every KBFS
// init, the context it returns is made cancellation-delayable, so the
// caller's context must eventually be cancelled.
func Init(ctx context.Context, storageRoot string) (context.Context, *Config, error) {
	newCtx, err := NewContextWithCancellationDelayer(ctx)
	if err != nil {
		return nil, nil, err
	}
	return newCtx, &Config{storageRoot: storageRoot}, nil
}

// CleanOldDeletedRepos removes the repos deleted long enough ago.
func CleanOldDeletedRepos(ctx context.Context, config *Config, h *TlfHandle) error {
	return ctx.Err()
}

func params(storageRoot string) (string, error) {
	return os.MkdirTemp(storageRoot, "kbfsgit")
}
