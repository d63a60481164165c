package actors

import (
	"sync"
	"time"
)

// AppChannel is the stand-in for the channel to the user application.
type AppChannel interface {
	InvokeMethod(actorType, actorID, method string, data []byte) ([]byte, error)
}

// Placement is the stand-in for the placement table lookup.
type Placement interface {
	LookupActor(actorType, actorID string) (address string)
}

type actorsRuntime struct {
	appChannel  AppChannel
	placement   Placement
	hostAddress string

	actorsTable *sync.Map

	config Config
}

// Config holds the actor runtime settings used when draining.
type Config struct {
	DrainRebalancedActors   bool
	DrainOngoingCallTimeout time.Duration
}

// NewActors returns an actor runtime for the host at hostAddress.
func NewActors(appChannel AppChannel, placement Placement, hostAddress string) *actorsRuntime {
	return &actorsRuntime{
		appChannel:  appChannel,
		placement:   placement,
		hostAddress: hostAddress,
		actorsTable: &sync.Map{},
		config: Config{
			DrainRebalancedActors:   true,
			DrainOngoingCallTimeout: time.Minute,
		},
	}
}

func constructCompositeKey(actorType, actorID string) string {
	return actorType + "||" + actorID
}

func (a *actorsRuntime) getOrCreateActor(actorType, actorID string) *actor {
	key := constructCompositeKey(actorType, actorID)
	val, _ := a.actorsTable.LoadOrStore(key, newActor(actorType, actorID))
	return val.(*actor)
}

// callLocalActor runs one actor call; it is called from the API server's
// request goroutines.
func (a *actorsRuntime) callLocalActor(actorType, actorID, method string, data []byte) ([]byte, error) {
	act := a.getOrCreateActor(actorType, actorID)
	if err := act.lock(); err != nil {
		return nil, err
	}
	defer act.unlock()

	return a.appChannel.InvokeMethod(actorType, actorID, method, data)
}

func (a *actorsRuntime) deactivateActor(actorType, actorID string) error {
	_, err := a.appChannel.InvokeMethod(actorType, actorID, "deactivate", nil)
	return err
}

// drainRebalancedActors deactivates, after the placement table changed, the
// actors that are no longer hosted here, waiting for their pending calls.
func (a *actorsRuntime) drainRebalancedActors(actorTypes map[string]string) {
	var wg sync.WaitGroup
	a.actorsTable.Range(func(key, value interface{}) bool {
		wg.Add(1)
		go func(key, value interface{}) {
			defer wg.Done()
			act := value.(*actor)
			if a.placement.LookupActor(act.actorType, act.actorID) == a.hostAddress {
				return
			}

			if a.config.DrainRebalancedActors {
				// wait until the actor is not busy or the timeout hits
				if act.isBusy() {
					select {
					case <-time.After(a.config.DrainOngoingCallTimeout):
					case <-act.channel():
					}
				}
			}

			// don't allow state changes
			a.actorsTable.Delete(key)

			for {
				// wait until the actor is not busy, then deactivate
				if !act.isBusy() {
					_ = a.deactivateActor(act.actorType, act.actorID)
					break
				}
				time.Sleep(500 * time.Millisecond)
			}
		}(key, value)
		return true
	})
	wg.Wait()
}
