package runner

import (
	"context"
	"fmt"
	"log/slog"
)

// ProviderType names the kind of resource provider.
type ProviderType string

const (
	ProviderTypeKubernetes ProviderType = "Kubernetes"
	ProviderTypeCustom     ProviderType = "Custom"
)

// Provider watches resources and publishes them until ctx is done.
type Provider interface {
	Type() ProviderType
	Start(ctx context.Context) error
}

// Config carries what the provider runner needs.
type Config struct {
	ProviderType ProviderType
	Logger       *slog.Logger

	NewKubernetesProvider func(ctx context.Context) (Provider, error)
	NewFileProvider       func() (Provider, error)
}

// Runner runs the configured resource provider.
type Runner struct {
	Config
}

// New returns a provider runner.
func New(cfg *Config) *Runner {
	return &Runner{Config: *cfg}
}

// Name of the runner.
func (r *Runner) Name() string { return "provider" }

// Start creates the provider and runs it in the background.
func (r *Runner) Start(ctx context.Context) (err error) {
	r.Logger = r.Logger.With("runner", r.Name())

	var p Provider
	switch r.ProviderType {
	case ProviderTypeKubernetes:
		p, err = r.NewKubernetesProvider(ctx)
		if err != nil {
			return fmt.Errorf("failed to create kubernetes provider: %w", err)
		}
	case ProviderTypeCustom:
		p, err = r.NewFileProvider()
		if err != nil {
			return fmt.Errorf("failed to create custom provider: %w", err)
		}
	default:
		return fmt.Errorf("unsupported provider type %v", r.ProviderType)
	}

	r.Logger.Info("Running provider", "type", p.Type())
	go func() {
		if err := p.Start(ctx); err != nil {
			r.Logger.Error("unable to start provider", "error", err)
		}
	}()

	return nil
}
