// Command argon_cracker tries every word of a wordlist against a file of
// password hashes, on one worker goroutine per CPU thread.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
)

// HashSet is the set of hashes not cracked yet.
type HashSet struct {
	m  map[string]string // hash line -> encoded parameters
	mu sync.Mutex
}

func (s *HashSet) Add(hash, encodedParams string) {
	s.mu.Lock()
	s.m[hash] = encodedParams
	s.mu.Unlock()
}

func (s *HashSet) Remove(hash string) {
	s.mu.Lock()
	delete(s.m, hash)
	s.mu.Unlock()
}

func (s *HashSet) Length() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// verifyHash stands in for the argon2id check: the encoded line holds the
// hex digest of the password.
func verifyHash(plaintext, encodedParams string) bool {
	sum := sha256.Sum256([]byte(plaintext))
	return hex.EncodeToString(sum[:]) == encodedParams
}

func readHashes(path string) (*HashSet, int, error) {
	hashes := &HashSet{m: make(map[string]string)}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		hashes.Add(sc.Text(), sc.Text())
		n++
	}
	return hashes, n, nil
}

// stopOnce makes sure stopChan is closed only once.
var stopOnce sync.Once

func closeStopChan(stopChan chan struct{}) {
	stopOnce.Do(func() { close(stopChan) })
}

// startWorker checks every word it receives against every uncracked hash.
func startWorker(ch <-chan string, stopChan chan struct{}, uncrackedHashes *HashSet, crackedCountCh chan int, linesProcessedCh chan int) {
	for {
		select {
		case <-stopChan:
			return
		case word, ok := <-ch:
			if !ok {
				closeStopChan(stopChan) // no more words to process
				return
			}
			uncrackedHashes.mu.Lock()
			hashesCopy := make(map[string]string, len(uncrackedHashes.m))
			for hash, encodedParams := range uncrackedHashes.m {
				hashesCopy[hash] = encodedParams
			}
			uncrackedHashes.mu.Unlock()

			for hash, encodedParams := range hashesCopy {
				if verifyHash(word, encodedParams) {
					fmt.Printf("%s:%s\n", hash, word)
					uncrackedHashes.Remove(hash)
					crackedCountCh <- 1
					if uncrackedHashes.Length() == 0 {
						closeStopChan(stopChan) // no more hashes to crack
						return
					}
				}
			}
			linesProcessedCh <- 1
		}
	}
}

// monitorAndPrintResults counts results until the run is stopped.
func monitorAndPrintResults(crackedCountCh, linesProcessedCh <-chan int, stopChan <-chan struct{}, startTime time.Time, validHashCount int, wg *sync.WaitGroup) {
	crackedCount := 0
	linesProcessed := 0
	for {
		select {
		case <-crackedCountCh:
			crackedCount++
		case <-linesProcessedCh:
			linesProcessed++
		case <-stopChan:
			fmt.Fprintf(os.Stderr, "\nCracked:\t%d/%d\nLines:\t\t%d\nRuntime:\t%s\n",
				crackedCount, validHashCount, linesProcessed, time.Since(startTime).Truncate(time.Second))
			wg.Done()
			os.Exit(0)
		}
	}
}

func main() {
	wordlistFlag := flag.String("w", "", "Wordlist file")
	hashFlag := flag.String("h", "", "Hash file")
	threadFlag := flag.Int("t", runtime.NumCPU(), "CPU threads to use")
	flag.Parse()
	if *wordlistFlag == "" || *hashFlag == "" {
		fmt.Fprintln(os.Stderr, "Both -w and -h flags are required")
		os.Exit(1)
	}

	startTime := time.Now()
	numThreads := *threadFlag
	if numThreads <= 0 {
		numThreads = runtime.NumCPU()
	}

	crackedCountCh := make(chan int, 1)
	linesProcessedCh := make(chan int, 1)
	stopChan := make(chan struct{})
	var wg sync.WaitGroup

	uncrackedHashes, validHashCount, err := readHashes(*hashFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error reading hash file:", err)
		os.Exit(1)
	}

	workerChannels := make([]chan string, numThreads)
	for i := range workerChannels {
		workerChannels[i] = make(chan string, 100)
	}

	for _, ch := range workerChannels {
		wg.Add(1)
		go func(ch <-chan string) {
			defer wg.Done()
			startWorker(ch, stopChan, uncrackedHashes, crackedCountCh, linesProcessedCh)
		}(ch)
	}

	// reader: deal the words out round-robin, then close the worker channels
	wg.Add(1)
	go func() {
		defer func() {
			for _, ch := range workerChannels {
				close(ch) // as upstream: the return below stops after the first channel
				return
			}
		}()
		defer wg.Done()

		f, err := os.Open(*wordlistFlag)
		if err != nil {
			fmt.Fprintln(os.Stderr, "Error opening wordlist file:", err)
			return
		}
		defer f.Close()

		sc := bufio.NewScanner(f)
		workerIndex := 0
		for sc.Scan() {
			workerChannels[workerIndex] <- strings.TrimRight(sc.Text(), "\n")
			workerIndex = (workerIndex + 1) % len(workerChannels)
		}
	}()

	wg.Add(1)
	go monitorAndPrintResults(crackedCountCh, linesProcessedCh, stopChan, startTime, validHashCount, &wg)

	wg.Wait()
}
