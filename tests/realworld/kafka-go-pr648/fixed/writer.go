package kafka

import (
	"context"
	"errors"
	"sync"
)

// Message is a record handed to a Writer.
type Message struct {
	Key   []byte
	Value []byte
}

// Writer sends messages to the partitions of one topic. WriteMessages may be
// called from many goroutines at once.
type Writer struct {
	Topic    string
	Balancer Balancer
	NumParts int
	mu       sync.Mutex
	batches  map[int][]Message
}

// WriteMessages assigns every message to a partition with the configured
// balancer and queues it for that partition.
func (w *Writer) WriteMessages(ctx context.Context, msgs ...Message) error {
	if w.Topic == "" {
		return errors.New("kafka: writer has no topic")
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	partitions := make([]int, w.NumParts)
	for i := range partitions {
		partitions[i] = i
	}

	assignments := make(map[int][]Message, len(partitions))
	for _, msg := range msgs {
		p := w.Balancer.Balance(msg, partitions...)
		assignments[p] = append(assignments[p], msg)
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	if w.batches == nil {
		w.batches = make(map[int][]Message)
	}
	for p, batch := range assignments {
		w.batches[p] = append(w.batches[p], batch...)
	}
	return nil
}

// produceFromManyGoroutines is how the reporter used the writer: several
// goroutines share one Writer configured with a LeastBytes balancer.
func produceFromManyGoroutines(ctx context.Context, workers int) *Writer {
	w := &Writer{Topic: "events", Balancer: &LeastBytes{}, NumParts: 4}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_ = w.WriteMessages(ctx, Message{Key: []byte{byte(i)}, Value: []byte("payload")})
		}(i)
	}
	wg.Wait()
	return w
}
