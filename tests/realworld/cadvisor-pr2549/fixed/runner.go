// Command runner pushes a cAdvisor binary to remote hosts, starts it there
// and runs the integration tests against it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

const cadvisorBinary = "cadvisor"

var cadvisorTimeout = flag.Duration("cadvisor_timeout", 15*time.Second, "how long to wait for cAdvisor to come up on the remote host")
var port = flag.Int("port", 8080, "port cAdvisor listens on in the remote host")

func RunCommand(cmd string, args ...string) error {
	out, err := exec.Command(cmd, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("command %q %q failed: %v, output: %s", cmd, args, err, out)
	}
	return nil
}

func PushAndRunTests(host, testDir string) error {
	if err := RunCommand("ssh", host, "--", "mkdir", "-p", testDir); err != nil {
		return fmt.Errorf("failed to make remote testing directory: %v", err)
	}
	defer func() {
		if err := RunCommand("ssh", host, "--", "rm", "-rf", testDir); err != nil {
			log.Printf("failed to clean up test directory: %v", err)
		}
	}()
	if err := RunCommand("scp", "-r", cadvisorBinary, fmt.Sprintf("%s:%s", host, testDir)); err != nil {
		return fmt.Errorf("failed to copy binary: %v", err)
	}

	// Start cAdvisor; the ssh command only returns when it exits.
	portStr := strconv.Itoa(*port)
	errChan := make(chan error, 1)
	go func() {
		err := RunCommand("ssh", host, "--", fmt.Sprintf("sudo %s --port %s", path.Join(testDir, cadvisorBinary), portStr))
		if err != nil {
			errChan <- fmt.Errorf("error running cAdvisor: %v", err)
		}
	}()
	defer func() {
		if err := RunCommand("ssh", host, "--", "sudo", "pkill", cadvisorBinary); err != nil {
			log.Printf("failed to stop cAdvisor: %v", err)
		}
	}()

	// Wait for cAdvisor to come up.
	endTime := time.Now().Add(*cadvisorTimeout)
	done := false
	for endTime.After(time.Now()) && !done {
		select {
		case err := <-errChan:
			// Quit early if cAdvisor failed to start.
			return err
		case <-time.After(500 * time.Millisecond):
			resp, err := http.Get(fmt.Sprintf("http://%s:%s/healthz", host, portStr))
			if err == nil {
				resp.Body.Close()
				done = resp.StatusCode == http.StatusOK
			}
		}
	}
	if !done {
		return fmt.Errorf("timed out waiting for cAdvisor to come up at host %q", host)
	}

	return RunCommand("go", "test", "github.com/google/cadvisor/integration/tests/...", "--host", host, "--port", portStr)
}

func Run() error {
	hosts := flag.Args()
	testDir := fmt.Sprintf("/tmp/cadvisor-%d", os.Getpid())

	var wg sync.WaitGroup
	var mu sync.Mutex
	var allErrors []string
	for _, host := range hosts {
		wg.Add(1)
		go func(host string) {
			defer wg.Done()
			if err := PushAndRunTests(host, testDir); err != nil {
				mu.Lock()
				allErrors = append(allErrors, err.Error())
				mu.Unlock()
			}
		}(host)
	}
	wg.Wait()

	if len(allErrors) != 0 {
		return errors.New(strings.Join(allErrors, "\n"))
	}
	return nil
}

func main() {
	flag.Parse()
	if len(flag.Args()) == 0 {
		log.Fatal("USAGE: runner <hosts to test>")
	}
	if err := Run(); err != nil {
		log.Fatal(err)
	}
}
