package gaurun

import "sync/atomic"

type RequestGaurunNotification struct {
	Tokens   []string
	Platform int
}

var QueueNotification = make(chan RequestGaurunNotification, 100)

func pushNotification(req RequestGaurunNotification) bool {
	return len(req.Tokens) > 0
}

func pushNotificationWorker() {
	for notification := range QueueNotification {
		if !pushNotification(notification) {
			countPushError()
			continue
		}
		atomic.AddInt64(&StatGaurun.Pushed, int64(len(notification.Tokens)))
	}
}

func StartPushWorkers(workerNum int) {
	for i := 0; i < workerNum; i++ {
		go pushNotificationWorker()
	}
}
