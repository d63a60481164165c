// Package cmd holds the sparkctl commands.
package cmd

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"
)

// FollowEvents is the --follow flag of `sparkctl event`.
var FollowEvents bool

func doShowEvents(name, namespace string, createdAt time.Time, eventsInterface EventsInterface) error {
	if FollowEvents {
		// watch for all events for this specific SparkApplication name
		selector := fmt.Sprintf("involvedObject.name=%s,involvedObject.namespace=%s,involvedObject.kind=SparkApplication", name, namespace)
		events, err := eventsInterface.Watch(context.TODO(), selector)
		if err != nil {
			return err
		}
		if err := streamEvents(events, createdAt.Unix()); err != nil {
			return err
		}
	}
	return nil
}

func streamEvents(events WatchInterface, streamSince int64) error {
	fmt.Printf("%-10s %-6s %s\n", "TYPE", "AGE", "MESSAGE")

	// Set 10 minutes inactivity timeout
	watchExpire := 10 * time.Minute
	intr := newInterruptHandler(events.Stop)
	return intr.Run(func() error {
		ctx := context.TODO()
		ctx, cancel := context.WithTimeout(ctx, watchExpire)
		defer cancel()
		_, err := untilWithoutRetry(ctx, events, func(ev WatchEvent) (bool, error) {
			if event, isEvent := ev.Object.(*Event); isEvent {
				// only show events newer than the creation of the SparkApplication
				if streamSince <= event.CreationTimestamp.Unix() {
					fmt.Printf("%-10s %-6s %s\n", event.Type,
						time.Since(event.CreationTimestamp).Round(time.Second),
						strings.TrimSpace(event.Message))
				}
			} else {
				fmt.Printf("info: %v", ev.Object)
			}
			return false, nil
		})
		return err
	})
}

// runEvent is the Run function of the `sparkctl event <name>` command.
func runEvent(args []string, namespace string, createdAt time.Time, eventsInterface EventsInterface) {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "must specify a SparkApplication name")
		return
	}
	if err := doShowEvents(args[0], namespace, createdAt, eventsInterface); err != nil {
		fmt.Fprintf(os.Stderr, "failed to check events of SparkApplication %s: %v\n", args[0], err)
	}
}
