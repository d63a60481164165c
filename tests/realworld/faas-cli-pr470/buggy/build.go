package commands

import (
	"fmt"
	"sync"
)

type Function struct {
	Name    string
	Handler string
}

func build(services map[string]Function, queueDepth int, shrinkwrap bool) {
	wg := sync.WaitGroup{}
	workChannel := make(chan Function)

	for i := 0; i < queueDepth; i++ {
		go func(index int) {
			wg.Add(1)
			for function := range workChannel {
				fmt.Printf("[%d] > Building %s.\n", index, function.Name)
				buildImage(function, shrinkwrap)
			}
			fmt.Printf("[%d] < Builder done.\n", index)
			wg.Done()
		}(i)
	}

	for _, function := range services {
		workChannel <- function
	}
	close(workChannel)
	wg.Wait()
}

func buildImage(f Function, shrinkwrap bool) {
	if shrinkwrap {
		return
	}
	fmt.Println("built", f.Name)
}
