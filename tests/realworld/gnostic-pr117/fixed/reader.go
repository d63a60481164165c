// Package compiler holds the helpers the gnostic compiler uses to read
// OpenAPI descriptions and the files their $refs point to.
package compiler

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
)

var fileCache map[string][]byte

var verboseReader = false
var fileCacheEnable = true

func initializeFileCache() {
	if fileCache == nil {
		fileCache = make(map[string][]byte)
	}
}

// DisableFileCache turns off the caching of fetched files.
func DisableFileCache() {
	fileCacheEnable = false
}

// FetchFile gets a specified file from a remote location.
func FetchFile(fileurl string) ([]byte, error) {
	var bytes []byte
	initializeFileCache()
	if fileCacheEnable {
		if cached, ok := fileCache[fileurl]; ok {
			if verboseReader {
				log.Printf("Cache hit %s", fileurl)
			}
			return cached, nil
		}
		if verboseReader {
			log.Printf("Fetching %s", fileurl)
		}
	}
	response, err := http.Get(fileurl)
	if err != nil {
		return nil, err
	}
	defer response.Body.Close()
	if response.StatusCode != 200 {
		return nil, errors.New(fmt.Sprintf("Error downloading %s: %s", fileurl, response.Status))
	}
	bytes, err = io.ReadAll(response.Body)
	if fileCacheEnable && err == nil {
		fileCache[fileurl] = bytes
	}
	return bytes, err
}

// ReadBytesForFile reads the bytes of a file, fetching it when the name is
// a URL.
func ReadBytesForFile(filename string) ([]byte, error) {
	fileurl, _ := url.Parse(filename)
	if fileurl.Scheme != "" {
		bytes, err := FetchFile(filename)
		if err != nil {
			return nil, err
		}
		return bytes, nil
	}
	bytes, err := os.ReadFile(filename)
	if err != nil {
		return nil, err
	}
	return bytes, nil
}
