package restorer

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

const workerCount = 8

// ID identifies a blob or a pack.
type ID [32]byte

// Blob is the location of a blob inside its pack.
type Blob struct {
	ID     ID
	Offset uint
	Length uint
}

// PackedBlob is a blob together with the pack that stores it.
type PackedBlob struct {
	PackID ID
	Blob   Blob
}

// information about a regular file being restored
type fileInfo struct {
	location string // file on the local filesystem, relative to the target dir
	blobs    []ID   // blobs of the file, in order
}

// information about a pack that holds blobs of one or more files
type packInfo struct {
	id    ID
	files map[*fileInfo]struct{}
}

// fileRestorer restores a set of files, downloading each pack once.
type fileRestorer struct {
	idx        func(ID) ([]PackedBlob, bool)
	packLoader func(ctx context.Context, packID ID, length int, offset int64, fn func(rd io.Reader) error) error

	dst   string
	files []*fileInfo
	Error func(location string, err error)
}

func newFileRestorer(dst string,
	packLoader func(ctx context.Context, packID ID, length int, offset int64, fn func(rd io.Reader) error) error,
	idx func(ID) ([]PackedBlob, bool)) *fileRestorer {
	return &fileRestorer{
		idx:        idx,
		packLoader: packLoader,
		dst:        dst,
		Error:      func(string, error) {},
	}
}

func (r *fileRestorer) addFile(location string, content []ID) {
	r.files = append(r.files, &fileInfo{location: location, blobs: content})
}

func (r *fileRestorer) forEachBlob(blobIDs []ID, fn func(packID ID, blob Blob)) error {
	for _, blobID := range blobIDs {
		packs, found := r.idx(blobID)
		if !found {
			return fmt.Errorf("unknown blob %x", blobID[:4])
		}
		fn(packs[0].PackID, packs[0].Blob)
	}
	return nil
}

func (r *fileRestorer) restoreFiles(ctx context.Context) error {
	packs := make(map[ID]*packInfo) // all packs

	for _, file := range r.files {
		err := r.forEachBlob(file.blobs, func(packID ID, blob Blob) {
			pack, ok := packs[packID]
			if !ok {
				pack = &packInfo{id: packID, files: make(map[*fileInfo]struct{})}
				packs[packID] = pack
			}
			pack.files[file] = struct{}{}
		})
		if err != nil {
			// the repository index is broken, nothing can be restored
			return err
		}
	}

	var wg sync.WaitGroup
	downloadCh := make(chan *packInfo)
	worker := func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return // context cancelled
			case pack, ok := <-downloadCh:
				if !ok {
					return // channel closed
				}
				r.downloadPack(ctx, pack)
			}
		}
	}
	for i := 0; i < workerCount; i++ {
		go worker()
		wg.Add(1)
	}

	// the main restore loop
	for _, pack := range packs {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case downloadCh <- pack:
		}
	}

	close(downloadCh)
	wg.Wait()

	return nil
}

func (r *fileRestorer) downloadPack(ctx context.Context, pack *packInfo) {
	// the byte range of the pack that holds the wanted blobs, and where each
	// blob goes in each file
	type target struct {
		file   *fileInfo
		offset int64
	}
	start, end := int64(-1), int64(0)
	blobs := make(map[ID][]target)
	lengths := make(map[ID]Blob)
	for file := range pack.files {
		fileOffset := int64(0)
		_ = r.forEachBlob(file.blobs, func(packID ID, blob Blob) {
			if packID == pack.id {
				if start < 0 || start > int64(blob.Offset) {
					start = int64(blob.Offset)
				}
				if end < int64(blob.Offset+blob.Length) {
					end = int64(blob.Offset + blob.Length)
				}
				blobs[blob.ID] = append(blobs[blob.ID], target{file, fileOffset})
				lengths[blob.ID] = blob
			}
			fileOffset += int64(blob.Length)
		})
	}
	if start < 0 {
		return
	}

	packData := make([]byte, int(end-start))
	err := r.packLoader(ctx, pack.id, len(packData), start, func(rd io.Reader) error {
		_, err := io.ReadFull(rd, packData)
		return err
	})
	if err != nil {
		for file := range pack.files {
			r.Error(file.location, err)
		}
		return
	}

	for blobID, targets := range blobs {
		blob := lengths[blobID]
		data := packData[int64(blob.Offset)-start : int64(blob.Offset+blob.Length)-start]
		for _, t := range targets {
			if err := r.writeToFile(t.file.location, data, t.offset); err != nil {
				r.Error(t.file.location, err)
			}
		}
	}
}

func (r *fileRestorer) writeToFile(location string, data []byte, offset int64) error {
	f, err := os.OpenFile(filepath.Join(r.dst, location), os.O_CREATE|os.O_WRONLY, 0600)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteAt(data, offset)
	return err
}
