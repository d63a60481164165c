package gaurun

import (
	"sync/atomic"
)

type StatApp struct {
	QueueMax   int   `json:"queue_max"`
	QueueUsage int   `json:"queue_usage"`
	Pushed     int64 `json:"pushed"`
	PushError  int64 `json:"push_error"`
}

var StatGaurun StatApp

func countPushError() {
	atomic.AddInt64(&StatGaurun.PushError, 1)
}
