package atree

import (
	"sort"
	"sync"
)

// PersistentSlabStorage keeps modified slabs in deltas until they are committed.
type PersistentSlabStorage struct {
	baseStorage BaseStorage
	cache       map[StorageID]Slab
	deltas      map[StorageID]Slab
}

// NewPersistentSlabStorage returns a storage committing to base.
func NewPersistentSlabStorage(base BaseStorage) *PersistentSlabStorage {
	return &PersistentSlabStorage{
		baseStorage: base,
		cache:       make(map[StorageID]Slab),
		deltas:      make(map[StorageID]Slab),
	}
}

// Store records a modified slab.
func (s *PersistentSlabStorage) Store(id StorageID, slab Slab) {
	s.deltas[id] = slab
}

// Remove records a deleted slab.
func (s *PersistentSlabStorage) Remove(id StorageID) {
	s.deltas[id] = nil
}

func (s *PersistentSlabStorage) sortedOwnedDeltaKeys() []StorageID {
	keys := make([]StorageID, 0, len(s.deltas))
	for id := range s.deltas {
		keys = append(keys, id)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// FastCommit encodes the modified slabs with numWorkers goroutines and then
// stores them in key order.
func (s *PersistentSlabStorage) FastCommit(numWorkers int) error {
	keysWithOwners := s.sortedOwnedDeltaKeys()

	// construct job queue
	jobs := make(chan StorageID, len(keysWithOwners))
	for _, id := range keysWithOwners {
		jobs <- id
	}
	close(jobs)

	type encodedSlabs struct {
		storageID StorageID
		data      []byte
		err       error
	}

	// construct result queue
	results := make(chan *encodedSlabs, len(keysWithOwners))

	// encoders encode slabs in parallel
	encoder := func(wg *sync.WaitGroup, done <-chan struct{}, jobs <-chan StorageID, results chan<- *encodedSlabs) {
		defer wg.Done()

		for id := range jobs {
			// stop early when FastCommit gave up
			select {
			case <-done:
				return
			default:
			}

			slab := s.deltas[id]
			if slab == nil {
				results <- &encodedSlabs{storageID: id}
				continue
			}
			data, err := Encode(slab)
			results <- &encodedSlabs{
				storageID: id,
				data:      data,
				err:       err,
			}
		}
	}

	done := make(chan struct{})

	var wg sync.WaitGroup
	wg.Add(numWorkers)

	for i := 0; i < numWorkers; i++ {
		go encoder(&wg, done, jobs, results)
	}

	defer func() {
		// all encoders must have stopped before the results channel is closed
		wg.Wait()
		close(results)
	}()

	// collect the results while the encoders work
	encSlabByID := make(map[StorageID][]byte)
	for i := 0; i < len(keysWithOwners); i++ {
		result := <-results
		if result.err != nil {
			// tell the encoders to stop
			close(done)
			return NewStorageError(result.err)
		}
		encSlabByID[result.storageID] = result.data
	}

	// apply them in key order
	for _, id := range keysWithOwners {
		data := encSlabByID[id]
		if data == nil {
			if err := s.baseStorage.Remove(id); err != nil {
				return NewStorageError(err)
			}
			s.cache[id] = nil
			delete(s.deltas, id)
			continue
		}
		if err := s.baseStorage.Store(id, data); err != nil {
			return NewStorageError(err)
		}
		s.cache[id] = s.deltas[id]
		delete(s.deltas, id)
	}
	return nil
}
