package main

import "errors"

// The Cloudflare REST and GraphQL clients are stand-ins: each query returns
// the rows the exporter turns into metrics.

type account struct {
	ID   string
	Name string
}

type zone struct {
	ID      string
	Name    string
	Account account
	Plan    string
}

type workerRow struct {
	ScriptName string
	Requests   float64
	Errors     float64
}

type logpushRow struct {
	DestinationType string
	JobID           string
	Count           float64
}

type zoneRow struct {
	ZoneTag  string
	Requests float64
	Bytes    float64
}

type coloRow struct {
	ZoneTag  string
	ColoCode string
	Visits   float64
}

type lbRow struct {
	ZoneTag  string
	PoolName string
	Count    float64
}

// cfgraphqlreqlimit is how many zones one GraphQL query may ask about.
const cfgraphqlreqlimit = 10

var errAPI = errors.New("cloudflare api: request failed")

var apiDown bool

func fetchAccounts() []account {
	return []account{{ID: "a1", Name: "main"}}
}

func fetchZones(accounts []account) []zone {
	var zones []zone
	for _, a := range accounts {
		zones = append(zones, zone{ID: a.ID + "-z1", Name: "example.com", Account: a, Plan: "enterprise"})
	}
	return zones
}

func fetchWorkerTotals(accountID string) ([]workerRow, error) {
	if apiDown {
		return nil, errAPI
	}
	return []workerRow{{ScriptName: "edge", Requests: 10}}, nil
}

func fetchLogpushAccount(accountID string) ([]logpushRow, error) {
	if apiDown {
		return nil, errAPI
	}
	return nil, nil
}

func fetchZoneTotals(zoneIDs []string) ([]zoneRow, error) {
	if apiDown {
		return nil, errAPI
	}
	return nil, nil
}

func fetchColoTotals(zoneIDs []string) ([]coloRow, error) {
	if apiDown {
		return nil, errAPI
	}
	return nil, nil
}

func fetchLoadBalancerTotals(zoneIDs []string) ([]lbRow, error) {
	if apiDown {
		return nil, errAPI
	}
	return nil, nil
}

func extractZoneIDs(zones []zone) []string {
	var ids []string
	for _, z := range zones {
		ids = append(ids, z.ID)
	}
	return ids
}

func findZoneAccountName(zones []zone, id string) (string, string) {
	for _, z := range zones {
		if z.ID == id {
			return z.Name, z.Account.Name
		}
	}
	return "", ""
}
