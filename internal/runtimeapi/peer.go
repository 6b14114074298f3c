package runtimeapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"sync"
)

// Gate decides whether the client at remote, connected to the Server at
// local, may use this Runtime API: it returns nil to admit it, or why not.
// It runs once per connection, on that connection's first request, so it
// may take a while (read /proc); the warm path on a kept-alive connection
// never calls it again.
type Gate func(local, remote netip.AddrPort) error

// ErrRefused is what a refused connection's requests fail with: 403
// AccessDenied, and the connection is closed. They never change the
// state or receive an event.
var ErrRefused = errors.New("runtimeapi: this Runtime API serves only its own function's processes")

// ErrorTypeAccessDenied is the errorType of a refused request (the Lambda
// service has none: its Runtime API is reachable only inside the sandbox).
const ErrorTypeAccessDenied = "AccessDenied"

type peerKey struct{}

// peer is one connection's verdict, reached at most once.
type peer struct {
	once          sync.Once
	local, remote netip.AddrPort
	err           error
}

// withPeer is the http.Server's ConnContext: it records the connection's
// addresses for guard.
func withPeer(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, peerKey{}, &peer{local: addrPort(c.LocalAddr()), remote: addrPort(c.RemoteAddr())})
}

func addrPort(a net.Addr) netip.AddrPort {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.AddrPort()
	}
	return netip.AddrPort{}
}

// guard puts each connection to the gate before next sees its requests.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.admit(r.Context()); err != nil {
			w.Header().Set("Connection", "close")
			renderError(w, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// admit returns the connection's verdict, asking the gate the first time.
func (s *Server) admit(ctx context.Context) error {
	if s.gate == nil {
		return nil
	}
	p, ok := ctx.Value(peerKey{}).(*peer)
	if !ok {
		return ErrRefused
	}
	p.once.Do(func() {
		if err := s.gate(p.local, p.remote); err != nil {
			p.err = fmt.Errorf("%w: connection from %s: %w", ErrRefused, p.remote, err)
		}
	})
	return p.err
}
