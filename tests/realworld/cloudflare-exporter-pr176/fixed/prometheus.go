package main

import (
	"log"
	"strings"
	"sync"
)

// metricVec stands in for a registered Prometheus gauge vector.
type metricVec struct {
	mu     sync.Mutex
	values map[string]float64
}

func (m *metricVec) RecordValueWithLabels(v float64, labels ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[strings.Join(labels, ",")] = v
}

func newVec() *metricVec { return &metricVec{values: make(map[string]float64)} }

// Metrics is filled once at start-up and only read afterwards.
var Metrics = map[string]*metricVec{
	"workerRequestsCount":           newVec(),
	"workerErrorsCount":             newVec(),
	"logpushFailedJobsAccountCount": newVec(),
	"zoneRequestsTotal":             newVec(),
	"zoneBandwidthTotal":            newVec(),
	"zoneColocationVisits":          newVec(),
	"poolRequestsTotal":             newVec(),
}

var cfgFreeTier bool

func fetchWorkerAnalytics(account account, wg *sync.WaitGroup) {
	defer wg.Done()

	r, err := fetchWorkerTotals(account.ID)
	if err != nil {
		log.Println("failed to fetch worker analytics for account", account.ID, ":", err)
		return
	}

	accountName := strings.ToLower(strings.ReplaceAll(account.Name, " ", "-"))
	for _, w := range r {
		Metrics["workerRequestsCount"].RecordValueWithLabels(w.Requests, w.ScriptName, accountName)
		Metrics["workerErrorsCount"].RecordValueWithLabels(w.Errors, w.ScriptName, accountName)
	}
}

func fetchLogpushAnalyticsForAccount(account account, wg *sync.WaitGroup) {
	defer wg.Done()

	if cfgFreeTier {
		return
	}

	r, err := fetchLogpushAccount(account.ID)
	if err != nil {
		log.Println("failed to fetch logpush analytics for account", account.ID, ":", err)
		return
	}
	for _, g := range r {
		Metrics["logpushFailedJobsAccountCount"].RecordValueWithLabels(g.Count, account.ID, g.DestinationType, g.JobID)
	}
}

func fetchZoneAnalytics(zones []zone, wg *sync.WaitGroup) {
	defer wg.Done()

	if cfgFreeTier {
		return
	}

	zoneIDs := extractZoneIDs(zones)
	if len(zoneIDs) == 0 {
		return
	}

	r, err := fetchZoneTotals(zoneIDs)
	if err != nil {
		log.Println("failed to fetch zone analytics:", err)
		return
	}
	for _, z := range r {
		name, account := findZoneAccountName(zones, z.ZoneTag)
		Metrics["zoneRequestsTotal"].RecordValueWithLabels(z.Requests, name, account)
		Metrics["zoneBandwidthTotal"].RecordValueWithLabels(z.Bytes, name, account)
	}
}

func fetchZoneColocationAnalytics(zones []zone, wg *sync.WaitGroup) {
	defer wg.Done()

	// colocation metrics are not available in non-enterprise zones
	if cfgFreeTier {
		return
	}

	zoneIDs := extractZoneIDs(zones)
	if len(zoneIDs) == 0 {
		return
	}

	r, err := fetchColoTotals(zoneIDs)
	if err != nil {
		log.Println("failed to fetch colocation analytics for zones:", err)
		return
	}
	for _, c := range r {
		name, account := findZoneAccountName(zones, c.ZoneTag)
		Metrics["zoneColocationVisits"].RecordValueWithLabels(c.Visits, name, account, c.ColoCode)
	}
}

func fetchLoadBalancerAnalytics(zones []zone, wg *sync.WaitGroup) {
	defer wg.Done()

	if cfgFreeTier {
		return
	}

	zoneIDs := extractZoneIDs(zones)
	if len(zoneIDs) == 0 {
		return
	}

	l, err := fetchLoadBalancerTotals(zoneIDs)
	if err != nil {
		log.Println("failed to fetch load balancer analytics:", err)
		return
	}
	for _, lb := range l {
		name, account := findZoneAccountName(zones, lb.ZoneTag)
		Metrics["poolRequestsTotal"].RecordValueWithLabels(lb.Count, name, account, lb.PoolName)
	}
}
