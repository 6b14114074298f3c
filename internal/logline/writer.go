package logline

import (
	"io"
	"runtime"
	"sync"
)

// maxPending bounds the bytes waiting for the flusher; a Write past it
// waits, as a direct write to a slow pipe would.
const maxPending = 1 << 20

// Writer batches writes to an underlying io.Writer. Bytes of one Write
// stay together and Writes leave in the order they were made. Write
// copies p: the caller keeps its buffer. The flusher owns the underlying
// writer until Close returns; after Close, Writes go straight to it.
type Writer struct {
	w io.Writer

	mu      sync.Mutex
	space   *sync.Cond // broadcast when pending was taken
	pending []byte     // written, not yet handed to w
	closed  bool

	spare []byte        // the flusher's: the buffer it last wrote
	kick  chan struct{} // one token: pending is not empty
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// New returns a Writer writing to w and starts its flusher; Close stops it.
func New(w io.Writer) *Writer {
	b := &Writer{w: w, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	b.space = sync.NewCond(&b.mu)
	go b.loop()
	return b
}

// Write queues p for the flusher. It returns len(p) and no error: like
// slog, the log does not fail a request; errors of w are dropped.
func (b *Writer) Write(p []byte) (int, error) {
	b.mu.Lock()
	for len(b.pending) >= maxPending && !b.closed {
		b.space.Wait()
	}
	if b.closed {
		b.mu.Unlock()
		return b.w.Write(p)
	}
	b.pending = append(b.pending, p...)
	b.mu.Unlock()
	select {
	case b.kick <- struct{}{}:
	default: // the flusher is awake already and will take p too
	}
	return len(p), nil
}

func (b *Writer) loop() {
	defer close(b.done)
	for {
		select {
		case <-b.kick:
			// Woken right after the Write that kicked it, the flusher
			// would take one line at a time; yielding first lets the
			// goroutines already runnable (other requests) add theirs.
			runtime.Gosched()
			b.flush()
		case <-b.stop:
			b.flush()
			return
		}
	}
}

// flush hands everything pending to w in one call; only the flusher (or
// Close, once the flusher has stopped) calls it.
func (b *Writer) flush() {
	b.mu.Lock()
	out := b.pending
	b.pending = b.spare[:0]
	b.space.Broadcast()
	b.mu.Unlock()
	if len(out) > 0 {
		b.w.Write(out) //nolint:errcheck // see Write
	}
	b.spare = out
}

// Close writes what is pending, stops the flusher and sends later Writes
// straight to the underlying writer. It does not close that writer.
func (b *Writer) Close() error {
	b.once.Do(func() {
		close(b.stop)
		<-b.done
		b.mu.Lock()
		defer b.mu.Unlock()
		if len(b.pending) > 0 { // written while the flusher stopped
			b.w.Write(b.pending) //nolint:errcheck // see Write
		}
		b.pending, b.closed = nil, true
		b.space.Broadcast()
	})
	return nil
}
