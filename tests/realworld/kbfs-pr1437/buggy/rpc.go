package libgit

import (
	"context"
	"log"
	"os"
	"time"
)

const minDeletedAgeForCleaning = 1 * time.Hour

// Folder names a folder in an RPC.
type Folder struct {
	Name string
}

// RPCHandler handles service->KBFS git RPC calls.
type RPCHandler struct {
	storageRoot string
}

// NewRPCHandler returns a new instance of a Git RPC handler.
func NewRPCHandler(storageRoot string) *RPCHandler {
	return &RPCHandler{storageRoot: storageRoot}
}

func (rh *RPCHandler) getHandleAndConfig(ctx context.Context, folder Folder) (
	newCtx context.Context, gitConfig *Config, tlfHandle *TlfHandle,
	tempDir string, err error) {
	tlfHandle = &TlfHandle{name: folder.Name}

	tempDir, err = params(rh.storageRoot)
	if err != nil {
		return nil, nil, nil, "", err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tempDir)
		}
	}()

	newCtx, gitConfig, err = Init(ctx, tempDir)
	if err != nil {
		return nil, nil, nil, "", err
	}
	return newCtx, gitConfig, tlfHandle, tempDir, nil
}

// DeleteRepo implements the DeleteRepo RPC: the repo is marked deleted now
// and its data is cleaned once it is old enough.
func (rh *RPCHandler) DeleteRepo(ctx context.Context, folder Folder, name string) error {
	log.Printf("Deleting repo %s from folder %s", name, folder.Name)
	rh.scheduleCleaning(folder)
	return nil
}

func (rh *RPCHandler) scheduleCleaning(folder Folder) {
	time.AfterFunc(minDeletedAgeForCleaning+1*time.Second, func() {
		ctx, gitConfig, tlfHandle, tempDir, err := rh.getHandleAndConfig(
			context.Background(), folder)
		if err != nil {
			log.Printf("Couldn't init for scheduled cleaning of %s: %+v",
				folder.Name, err)
			return
		}
		defer os.RemoveAll(tempDir)
		defer gitConfig.Shutdown(ctx)

		log.Printf("Starting a scheduled repo clean for folder %s",
			tlfHandle.GetCanonicalPath())
		err = CleanOldDeletedRepos(ctx, gitConfig, tlfHandle)
		if err != nil {
			log.Printf("Couldn't clean folder %s: %+v",
				tlfHandle.GetCanonicalPath(), err)
			return
		}
		log.Printf("Finished cleaning %s", tlfHandle.GetCanonicalPath())
	})
}
