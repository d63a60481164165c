package ok

import (
	"log"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// shape: the CPU profiler and the tracer keep writing to the file they are given until they stop: it must stay open
func StartProfiling(cpu, tr string) (stop func()) {
	f, err := os.Create(cpu)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	t, err := os.Create(tr)
	if err != nil {
		log.Fatal(err)
	}
	if err := trace.Start(t); err != nil {
		log.Fatal(err)
	}
	return func() {
		trace.Stop()
		pprof.StopCPUProfile()
	}
}
