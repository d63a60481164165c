package signaling

// Session is a participant of a room: a client connected over the websocket,
// or a virtual session created for a phone participant.
type Session interface {
	PublicId() string
	ClientType() string
	BackendUrl() string
}

const (
	HelloClientTypeClient  = "client"
	HelloClientTypeVirtual = "virtual"
)

// VirtualSession is a participant the backend added, with no connection of
// its own.
type VirtualSession struct {
	publicId   string
	userId     string
	backendUrl string
}

func (s *VirtualSession) PublicId() string   { return s.publicId }
func (s *VirtualSession) ClientType() string { return HelloClientTypeVirtual }
func (s *VirtualSession) BackendUrl() string { return s.backendUrl }
func (s *VirtualSession) UserId() string     { return s.userId }
