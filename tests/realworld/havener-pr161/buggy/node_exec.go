package havener

import (
	"fmt"
	"sync"
)

type Node struct{ Name string }

type Havener interface {
	NodeExec(node Node, command string) (string, error)
}

func execInNodes(h Havener, nodes []Node, command string) error {
	var wg sync.WaitGroup
	errors := make(chan error, len(nodes))
	output := make(chan string, len(nodes))

	wg.Add(len(nodes))
	for _, node := range nodes {
		go func(node Node) {
			out, err := h.NodeExec(node, command)
			if err != nil {
				errors <- fmt.Errorf("%s: %w", node.Name, err)
				return
			}
			output <- out
			wg.Done()
		}(node)
	}
	wg.Wait()
	close(errors)
	close(output)
	for err := range errors {
		return err
	}
	for o := range output {
		fmt.Println(o)
	}
	return nil
}
