package internal

import (
	"net/http"
	"sync"
	"time"
)

// pushClient stands in for the APNs client; it returns the HTTP status.
type pushClient interface {
	Push(deviceToken, accountId string) int
}

type Apns struct {
	DelayTime   time.Duration
	client      pushClient
	db          *Database
	mapMutex    sync.Mutex
	delayedApns map[Registration]time.Time
}

func NewApns(db *Database, client pushClient, delay, interval time.Duration) *Apns {
	apns := &Apns{
		DelayTime:   delay,
		client:      client,
		db:          db,
		delayedApns: make(map[Registration]time.Time),
	}
	apns.createDelayedNotificationThread(interval)
	return apns
}

func (apns *Apns) createDelayedNotificationThread(interval time.Duration) {
	ticker := time.NewTicker(interval)
	go func() {
		for range ticker.C {
			apns.checkDelayed()
		}
	}()
}

func (apns *Apns) checkDelayed() {
	var sendNow []Registration
	apns.mapMutex.Lock()
	for reg, t := range apns.delayedApns {
		if time.Since(t) > apns.DelayTime {
			sendNow = append(sendNow, reg)
			delete(apns.delayedApns, reg)
		}
	}
	apns.mapMutex.Unlock()
	for _, reg := range sendNow {
		apns.SendNotification(reg, false)
	}
}

func (apns *Apns) SendNotification(reg Registration, delayed bool) {
	apns.mapMutex.Lock()
	if delayed {
		apns.delayedApns[reg] = time.Now()
		apns.mapMutex.Unlock()
		return
	}
	delete(apns.delayedApns, reg)
	apns.mapMutex.Unlock()

	switch apns.client.Push(reg.DeviceToken, reg.AccountId) {
	case http.StatusOK:
	case http.StatusGone:
		// the device token is no longer active for this topic
		apns.db.DeleteIfExistRegistration(reg)
	}
}
