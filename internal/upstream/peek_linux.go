//go:build linux

package upstream

import "syscall"

// alive reports whether an idle connection can be reused: nothing to read
// (no unsolicited bytes, no end of stream from a backend that closed it)
// and no error. It is one non-blocking recv with MSG_PEEK.
func (cn *conn) alive() bool {
	if cn.raw == nil {
		return true
	}
	if err := cn.raw.Read(cn.peekFn); err != nil {
		return false
	}
	return cn.peekErr == syscall.EAGAIN
}

// peek is the RawConn callback of alive; it never waits.
func (cn *conn) peek(fd uintptr) bool {
	_, _, err := syscall.Recvfrom(int(fd), cn.peekBuf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	cn.peekErr = err
	return true
}
