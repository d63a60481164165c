package ok

import "sync"

// shape: handlers registered into the router's map before RunEventLoop starts the dispatcher
// that reads it
type socketEvent struct {
	kind string
	data []byte
}

type SocketHandlerFunc func(e *socketEvent)

type SocketRouter struct {
	events   chan *socketEvent
	handlers map[string][]SocketHandlerFunc
	commands map[string]func(args []string)
}

func NewSocketRouter() *SocketRouter {
	return &SocketRouter{events: make(chan *socketEvent), handlers: map[string][]SocketHandlerFunc{}, commands: map[string]func(args []string){}}
}

func (r *SocketRouter) Handle(kind string, f SocketHandlerFunc) {
	r.handlers[kind] = append(r.handlers[kind], f)
}

func (r *SocketRouter) HandleCommand(name string, f func(args []string)) {
	r.commands[name] = f
}

func (r *SocketRouter) RunEventLoop() {
	go r.dispatch()
}

func (r *SocketRouter) dispatch() {
	for e := range r.events {
		for _, f := range r.handlers[e.kind] {
			f(e)
		}
		if c, ok := r.commands[e.kind]; ok {
			c(nil)
		}
	}
}

// shape: a package registry of engine factories, filled by the engines' own init functions
type EngineFactory func(path string) (interface{}, error)

var (
	enginesMu       sync.Mutex
	engineFactories = map[string]EngineFactory{}
)

// EngineNames lists the registered engines.
func EngineNames() (names []string) {
	enginesMu.Lock()
	defer enginesMu.Unlock()
	for name := range engineFactories {
		names = append(names, name)
	}
	return names
}

func RegisterEngine(name string, fn EngineFactory) {
	engineFactories[name] = fn
}

func StartEngines(paths map[string]string, opened chan<- interface{}) {
	for name, path := range paths {
		go func(name, path string) {
			if f, ok := engineFactories[name]; ok {
				e, _ := f(path)
				opened <- e
			}
		}(name, path)
	}
}
