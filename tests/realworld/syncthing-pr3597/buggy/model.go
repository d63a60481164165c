package model

import (
	"net"
	"sync"
)

type DeviceID string

// Connection is a connected peer, cut down to what the model uses here.
type Connection interface {
	RemoteAddr() net.Addr
	Close() error
}

type HelloMessage struct {
	ClientName    string
	ClientVersion string
}

type FolderConfiguration struct {
	ID      string
	Devices []DeviceID
}

type Model struct {
	devices func() []DeviceID // the configured devices, read from the config wrapper

	folderCfgs    map[string]FolderConfiguration // folder -> cfg
	folderDevices map[string][]DeviceID          // folder -> deviceIDs
	deviceFolders map[DeviceID][]string          // deviceID -> folders
	folderRunners map[string]func()              // folder -> stop function of its runner
	fmut          sync.RWMutex                   // protects the above

	conn          map[DeviceID]Connection
	helloMessages map[DeviceID]HelloMessage
	devicePaused  map[DeviceID]bool
	pmut          sync.RWMutex // protects the above
}

func NewModel(devices func() []DeviceID) *Model {
	return &Model{
		devices:       devices,
		folderCfgs:    make(map[string]FolderConfiguration),
		folderDevices: make(map[string][]DeviceID),
		deviceFolders: make(map[DeviceID][]string),
		folderRunners: make(map[string]func()),
		conn:          make(map[DeviceID]Connection),
		helloMessages: make(map[DeviceID]HelloMessage),
		devicePaused:  make(map[DeviceID]bool),
	}
}

// RemoveFolder is called from CommitConfiguration when a folder is removed
// from the config. It takes fmut, then pmut.
func (m *Model) RemoveFolder(folder string) {
	m.fmut.Lock()
	m.pmut.Lock()

	if stop, ok := m.folderRunners[folder]; ok {
		stop()
	}
	// Close connections to affected devices
	for _, dev := range m.folderDevices[folder] {
		if conn, ok := m.conn[dev]; ok {
			conn.Close()
		}
	}
	delete(m.folderCfgs, folder)
	delete(m.folderDevices, folder)
	delete(m.folderRunners, folder)
	for dev, folders := range m.deviceFolders {
		m.deviceFolders[dev] = without(folders, folder)
	}

	m.pmut.Unlock()
	m.fmut.Unlock()
}

type ConnectionInfo struct {
	Connected     bool
	Paused        bool
	Address       string
	ClientVersion string
}

// ConnectionStats returns connection statistics for each device; the REST
// API calls it for every /rest/system/connections request.
func (m *Model) ConnectionStats() map[string]interface{} {
	m.pmut.RLock()
	m.fmut.RLock()

	res := make(map[string]interface{})
	devs := m.devices()
	conns := make(map[string]ConnectionInfo, len(devs))
	for _, device := range devs {
		hello := m.helloMessages[device]
		version := hello.ClientVersion
		if hello.ClientName != "syncthing" {
			version = hello.ClientName + " " + hello.ClientVersion
		}
		ci := ConnectionInfo{
			ClientVersion: version,
			Paused:        m.devicePaused[device],
		}
		if conn, ok := m.conn[device]; ok {
			ci.Connected = true
			if addr := conn.RemoteAddr(); addr != nil {
				ci.Address = addr.String()
			}
		}
		conns[string(device)] = ci
	}
	res["connections"] = conns

	m.fmut.RUnlock()
	m.pmut.RUnlock()

	return res
}

// CommitConfiguration runs on the config wrapper's goroutine after a change.
func (m *Model) CommitConfiguration(from, to []FolderConfiguration) bool {
	kept := make(map[string]bool, len(to))
	for _, cfg := range to {
		kept[cfg.ID] = true
	}
	for _, cfg := range from {
		if !kept[cfg.ID] {
			m.RemoveFolder(cfg.ID)
		}
	}
	return true
}

func without(ss []string, s string) []string {
	out := ss[:0]
	for _, v := range ss {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}
