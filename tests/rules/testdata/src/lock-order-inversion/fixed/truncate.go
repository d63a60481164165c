package fixed

import "sync"

// File keeps dataMu before mapsMu everywhere except where a helper lets go of dataMu first.
type File struct {
	dataMu   sync.Mutex
	mapsMu   sync.Mutex
	size     uint64
	mappings map[uint64]bool
}

func (f *File) Truncate(size uint64) {
	f.dataMu.Lock()
	f.setSizeAndUnlockData(size)
}

// setSizeAndUnlockData is called with f.dataMu locked and returns with it unlocked: it lets go
// of dataMu before it takes mapsMu, the order Unmap takes them in.
func (f *File) setSizeAndUnlockData(size uint64) {
	old := f.size
	f.size = size
	f.dataMu.Unlock()
	if size < old {
		f.mapsMu.Lock()
		for off := range f.mappings {
			if off >= size {
				delete(f.mappings, off)
			}
		}
		f.mapsMu.Unlock()
	}
}

func (f *File) Unmap(off uint64) {
	f.mapsMu.Lock()
	defer f.mapsMu.Unlock()
	delete(f.mappings, off)
	f.dataMu.Lock()
	f.size = off
	f.dataMu.Unlock()
}
