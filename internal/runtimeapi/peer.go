package runtimeapi

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
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

// admit returns the connection's verdict, asking the gate on its first
// request.
func (c *conn) admit() error {
	if c.srv.gate == nil || c.judged {
		return c.verdict
	}
	c.judged = true
	local, remote := addrPort(c.nc.LocalAddr()), addrPort(c.nc.RemoteAddr())
	if err := c.srv.gate(local, remote); err != nil {
		c.verdict = fmt.Errorf("%w: connection from %s: %w", ErrRefused, remote, err)
	}
	return c.verdict
}

func addrPort(a net.Addr) netip.AddrPort {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.AddrPort()
	}
	return netip.AddrPort{}
}
