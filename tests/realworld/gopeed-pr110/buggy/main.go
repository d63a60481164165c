package main

import (
	"flag"
	"fmt"
	"strings"
	"sync"
)

const progressWidth = 20

type args struct {
	url         string
	dir         *string
	connections *int
}

func parse() *args {
	dir := flag.String("D", ".", "directory to save into")
	connections := flag.Int("C", 16, "concurrent connections")
	flag.Parse()
	return &args{url: flag.Arg(0), dir: dir, connections: connections}
}

func main() {
	args := parse()

	var wg sync.WaitGroup
	_, err := Boot().
		URL(args.url).
		Listener(func(event *Event) {
			if event.Key == EventKeyProgress {
				printProgress(event.Task, "downloading...")
			}
			if event.Key == EventKeyFinally {
				title := "complete"
				if event.Err != nil {
					title = "fail"
				}
				printProgress(event.Task, title)
				fmt.Println()
				if event.Err != nil {
					fmt.Printf("reason: %s", event.Err.Error())
				} else {
					fmt.Printf("saving path: %s", *args.dir)
				}
				wg.Done()
			}
		}).
		Create(&Options{
			Path:        *args.dir,
			Connections: *args.connections,
		})
	if err != nil {
		panic(err)
	}
	wg.Add(1)
	wg.Wait()
}

var sb = new(strings.Builder)

func printProgress(task *Task, title string) {
	var rate float64
	if task.Size > 0 {
		rate = float64(task.Progress.Downloaded) / float64(task.Size)
	}
	done := int(progressWidth * rate)
	sb.WriteString(fmt.Sprintf("\r%s [", title))
	sb.WriteString(strings.Repeat("■", done))
	sb.WriteString(strings.Repeat("□", progressWidth-done))
	sb.WriteString(fmt.Sprintf("] %.1f%%    %d B/s", rate*100, task.Progress.Speed))
	fmt.Print(sb.String())
	sb.Reset()
}
