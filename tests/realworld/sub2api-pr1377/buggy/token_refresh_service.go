package service

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// TokenRefreshConfig configures the background refresher.
type TokenRefreshConfig struct {
	Enabled                  bool
	CheckIntervalMinutes     int
	RefreshBeforeExpiryHours float64
}

// Account is an upstream account whose OAuth token is refreshed.
type Account struct {
	ID        int64
	ExpiresAt time.Time
}

// AccountRepository lists the accounts to refresh.
type AccountRepository interface {
	ListActive(ctx context.Context) ([]Account, error)
}

// TokenRefresher refreshes the token of one platform's accounts.
type TokenRefresher interface {
	NeedsRefresh(account *Account, window time.Duration) bool
	Refresh(ctx context.Context, account *Account) error
}

// TokenRefreshService periodically refreshes OAuth tokens that are about to expire.
type TokenRefreshService struct {
	accountRepo AccountRepository
	refreshers  []TokenRefresher
	cfg         *TokenRefreshConfig

	stopCh chan struct{}
	wg     sync.WaitGroup
}

// NewTokenRefreshService creates the service.
func NewTokenRefreshService(accountRepo AccountRepository, refreshers []TokenRefresher, cfg *TokenRefreshConfig) *TokenRefreshService {
	return &TokenRefreshService{
		accountRepo: accountRepo,
		refreshers:  refreshers,
		cfg:         cfg,
		stopCh:      make(chan struct{}),
	}
}

// Start launches the background refresh loop.
func (s *TokenRefreshService) Start() {
	if !s.cfg.Enabled {
		slog.Info("token_refresh.service_disabled")
		return
	}
	s.wg.Add(1)
	go s.refreshLoop()
}

// Stop stops the refresh service (meant to be safe to call more than once).
func (s *TokenRefreshService) Stop() {
	close(s.stopCh)
	s.wg.Wait()
	slog.Info("token_refresh.service_stopped")
}

func (s *TokenRefreshService) refreshLoop() {
	defer s.wg.Done()

	interval := time.Duration(s.cfg.CheckIntervalMinutes) * time.Minute
	if interval < time.Minute {
		interval = 5 * time.Minute
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()

	s.processRefresh()
	for {
		select {
		case <-ticker.C:
			s.processRefresh()
		case <-s.stopCh:
			return
		}
	}
}

func (s *TokenRefreshService) processRefresh() {
	ctx := context.Background()
	window := time.Duration(s.cfg.RefreshBeforeExpiryHours * float64(time.Hour))

	accounts, err := s.accountRepo.ListActive(ctx)
	if err != nil {
		slog.Error("token_refresh.list_accounts_failed", "error", err)
		return
	}
	for i := range accounts {
		account := &accounts[i]
		for _, refresher := range s.refreshers {
			if !refresher.NeedsRefresh(account, window) {
				continue
			}
			if err := refresher.Refresh(ctx, account); err != nil {
				slog.Warn("token_refresh.account_refresh_failed", "account_id", account.ID, "error", err)
			}
			break
		}
	}
}
