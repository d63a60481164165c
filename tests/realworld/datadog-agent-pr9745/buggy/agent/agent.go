// Package agent starts the logs agent: the pipelines first, then one
// launcher per configured source, each running in its own goroutine.
package agent

import (
	"net"

	"example.com/datadog-agent-pr9745/listener"
	"example.com/datadog-agent-pr9745/pipeline"
)

const (
	numberOfPipelines = 4
	chanSize          = 100
	frameSize         = 9000
)

// Start starts the pipelines and a TCP listener for each source.
func Start(sources map[string]net.Listener) pipeline.Provider {
	provider := pipeline.NewProvider(numberOfPipelines, chanSize)
	provider.Start()
	for source, ln := range sources {
		listener.NewTCPListener(provider, source, ln, frameSize).Start()
	}
	return provider
}
