package gateway

import (
	"context"
	"sync"
)

// gatewayGen is the Gateway a Server serves with now, and the requests it has
// in flight. Requests enter before they read it and leave when answered;
// once retired, it admits none and its drained channel closes when the
// last one left.
type gatewayGen struct {
	gw      *Gateway
	mu      sync.Mutex
	n       int
	retired bool
	drained chan struct{}
}

func newGatewayGen(gw *Gateway) *gatewayGen { return &gatewayGen{gw: gw, drained: make(chan struct{})} }

// enter admits a request unless retired.
func (s *gatewayGen) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.retired {
		return false
	}
	s.n++
	return true
}

func (s *gatewayGen) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n--
	if s.retired && s.n == 0 {
		close(s.drained)
	}
}

func (s *gatewayGen) retire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retired = true
	if s.n == 0 {
		close(s.drained)
	}
}

// current admits a request to the Gateway gatewayGen now; the caller calls
// leave on what it returns once the request is answered.
func (s *Server) current() *gatewayGen {
	for {
		cur := s.cur.Load()
		if cur.enter() {
			return cur
		}
		// Swapped after the load: the next load sees the new one.
	}
}

// Swap makes gw serve every request that arrives from now on. It returns
// a function that waits until the requests the previous Gateway had in
// flight are answered (or ctx ends), so its functions can be stopped
// without failing any of them.
func (s *Server) Swap(gw *Gateway) (drained func(ctx context.Context) error) {
	old := s.cur.Swap(newGatewayGen(gw))
	old.retire()
	return func(ctx context.Context) error {
		select {
		case <-old.drained:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}
