package pipeline

// Message is one log line on its way to the intake.
type Message struct {
	Content []byte
	Origin  string
}

// Pipeline processes the messages of its input channel and sends them on;
// the processor, encoder and sender are reduced to a goroutine that drains
// the channel.
type Pipeline struct {
	InputChan chan *Message
	sent      int
}

func NewPipeline(chanSize int) *Pipeline {
	return &Pipeline{InputChan: make(chan *Message, chanSize)}
}

func (p *Pipeline) Start() {
	go p.run()
}

func (p *Pipeline) run() {
	for msg := range p.InputChan {
		if len(msg.Content) > 0 {
			p.sent++
		}
	}
}
