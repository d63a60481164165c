package driver

import (
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Mounter is the part of the node mount helper the deleter needs.
type Mounter interface {
	RemoveAll(path string) error
}

// LinuxMounter removes directories on the local file system.
type LinuxMounter struct{}

// RemoveAll deletes path and everything below it.
func (*LinuxMounter) RemoveAll(path string) error { return os.RemoveAll(path) }

var mounter Mounter = &LinuxMounter{}

// scanPeriod is how long the walker sleeps between two passes.
var scanPeriod = 5 * time.Minute

// LaunchDirectoryDeleter starts one walker that looks for directories of
// deleted volumes on the shared volumes and a pool of workers removing them.
func LaunchDirectoryDeleter(nodeName, mountPath string, sharedVolumes []string, parallelDeletes int) {
	queue := make(chan string, parallelDeletes)

	go walkAndQueueDirectories(nodeName, mountPath, sharedVolumes, queue)
	for i := 0; i < parallelDeletes; i++ {
		go deletionWorker(nodeName, mountPath, queue, mounter)
	}
}

// walkAndQueueDirectories runs for the life of the driver: every pass it
// lists each shared volume and queues the directories marked for deletion
// by this node.
func walkAndQueueDirectories(nodeName, mountPath string, sharedVolumes []string, queue chan<- string) {
	for {
		time.Sleep(scanPeriod)
		for _, sharedVolume := range sharedVolumes {
			sharedVolume = strings.TrimSpace(sharedVolume)
			if sharedVolume == "" {
				continue
			}
			volumeDir, err := os.Open(filepath.Join(mountPath, sharedVolume))
			if err != nil {
				log.Printf("cannot list shared volume %s: %v", sharedVolume, err)
				continue
			}
			names, err := volumeDir.Readdirnames(0)
			// names may hold a partial listing when err != nil
			for _, name := range names {
				if strings.HasPrefix(name, nodeName+"_delete_pvc-") {
					queue <- filepath.Join(volumeDir.Name(), name)
				}
			}
			defer volumeDir.Close()
			if err != nil {
				log.Printf("partial listing of shared volume %s: %v", volumeDir.Name(), err)
			}
		}
	}
}

func deletionWorker(nodeName, mountPath string, queue <-chan string, m Mounter) {
	for directory := range queue {
		dir, file := filepath.Split(directory)
		if strings.HasPrefix(dir, mountPath) && strings.HasPrefix(file, nodeName) {
			log.Printf("deleting directory %s", directory)
			if err := m.RemoveAll(directory); err != nil {
				log.Printf("deleting %s: %v", directory, err)
			}
		}
	}
}
