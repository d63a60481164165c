package deliveryservice

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"sync"
	"time"
)

type CDNName string

type Config struct {
	RiakEnabled           bool
	DBQueryTimeoutSeconds int
}

// KeyStore stands in for the Riak client that holds the HTTPS keys.
type KeyStore interface {
	DSNamesWithKeys(cdn CDNName) (map[string][]string, error)
	DeleteKey(key string) error
}

// DeleteOldCerts queues an asynchronous removal of the certificates whose
// delivery service is gone from the database, and returns at once.
func DeleteOldCerts(db *sql.DB, cfg *Config, keys KeyStore, cdn CDNName) error {
	if cfg == nil {
		return errors.New("nil config")
	}
	if !cfg.RiakEnabled {
		return nil
	}
	if db == nil {
		return errors.New("nil db")
	}
	startOldCertDeleter(db, time.Duration(cfg.DBQueryTimeoutSeconds)*time.Second, keys, cdn)
	return nil
}

// deleteOldDSCerts removes the keys of delivery services that the database no
// longer has.
func deleteOldDSCerts(tx *sql.Tx, keys KeyStore, cdn CDNName) error {
	stored, err := keys.DSNamesWithKeys(cdn)
	if err != nil {
		return errors.New("listing stored keys: " + err.Error())
	}
	live, err := cdnDSes(tx, cdn)
	if err != nil {
		return errors.New("listing delivery services: " + err.Error())
	}
	for ds, dsKeys := range stored {
		if _, ok := live[ds]; ok {
			continue
		}
		for _, k := range dsKeys {
			if err := keys.DeleteKey(k); err != nil {
				log.Println("deleting key " + k + " of removed delivery service " + ds + ": " + err.Error())
			}
		}
	}
	return nil
}

// deleteOldDSCertsDB opens a transaction bounded by the query timeout and runs
// one deletion job in it.
func deleteOldDSCertsDB(db *sql.DB, dbTimeout time.Duration, keys KeyStore, cdn CDNName) {
	dbCtx, cancelTx := context.WithTimeout(context.Background(), dbTimeout)
	defer cancelTx()
	tx, err := db.BeginTx(dbCtx, nil)
	if err != nil {
		log.Println("old cert deleter: begin transaction: " + err.Error())
		return
	}
	txCommit := false
	defer commitIf(tx, &txCommit)
	if err := deleteOldDSCerts(tx, keys, cdn); err != nil {
		log.Println("deleting old delivery service certificates: " + err.Error())
		return
	}
	txCommit = true
}

var oldCertDeleters = OldCertDeleters{D: map[CDNName]*OldCertDeleter{}}

type OldCertDeleters struct {
	D map[CDNName]*OldCertDeleter
	M sync.Mutex
}

type OldCertDeleter struct {
	Start chan struct{}
	Die   chan struct{}
	Once  sync.Once
}

// startOldCertDeleter wakes the CDN's deleter goroutine, starting it the
// first time; at most one job stays queued.
func startOldCertDeleter(db *sql.DB, dbTimeout time.Duration, keys KeyStore, cdn CDNName) {
	d := getOrCreateOldCertDeleter(cdn)
	d.Once.Do(func() {
		go doOldCertDeleter(d.Start, d.Die, db, dbTimeout, keys, cdn)
	})
	select {
	case d.Start <- struct{}{}:
	default:
	}
}

func getOrCreateOldCertDeleter(cdn CDNName) *OldCertDeleter {
	oldCertDeleters.M.Lock()
	defer oldCertDeleters.M.Unlock()
	d, ok := oldCertDeleters.D[cdn]
	if !ok {
		d = &OldCertDeleter{Start: make(chan struct{}, 1), Die: make(chan struct{}, 1)}
		oldCertDeleters.D[cdn] = d
	}
	return d
}

func doOldCertDeleter(do, die chan struct{}, db *sql.DB, dbTimeout time.Duration, keys KeyStore, cdn CDNName) {
	for {
		select {
		case <-do:
			deleteOldDSCertsDB(db, dbTimeout, keys, cdn)
		case <-die:
			// a job may have come in together with the stop
			select {
			case <-do:
				deleteOldDSCertsDB(db, dbTimeout, keys, cdn)
			default:
			}
			return
		}
	}
}
