package lambda

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"syscall"
)

// sock_diag (linux/sock_diag.h, linux/inet_diag.h): one exact lookup of a
// TCP socket by its addresses costs microseconds, where /proc/net/tcp walks
// every hash bucket (milliseconds on a large table).
const (
	sockDiagByFamily = 20 // SOCK_DIAG_BY_FAMILY
	nlmsgHeaderLen   = 16
	diagRequestLen   = 56 // struct inet_diag_req_v2
	diagMsgInodeAt   = 68 // offset of idiag_inode in struct inet_diag_msg
	diagMsgLen       = 72
)

var errDiagReply = errors.New("sock_diag: malformed reply")

// diagInode asks the kernel for the inode of the TCP socket whose local end
// is local and whose peer is remote. An IPv6 socket connected to a
// v4-mapped address is found by its IPv4 addresses as well.
func diagInode(local, remote netip.AddrPort) (uint64, error) {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, syscall.NETLINK_INET_DIAG)
	if err != nil {
		return 0, err
	}
	defer syscall.Close(fd)
	req, err := diagRequest(local, remote)
	if err != nil {
		return 0, err
	}
	if err := syscall.Sendto(fd, req, 0, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		return 0, err
	}
	var buf [512]byte
	n, _, err := syscall.Recvfrom(fd, buf[:], 0)
	if err != nil {
		return 0, err
	}
	return parseDiagReply(buf[:n])
}

// diagRequest is an nlmsghdr and an inet_diag_req_v2 for one TCP socket.
func diagRequest(local, remote netip.AddrPort) ([]byte, error) {
	l, r := local.Addr().Unmap(), remote.Addr().Unmap()
	if !l.Is4() || !r.Is4() {
		return nil, fmt.Errorf("sock_diag: %s -> %s: IPv4 only", local, remote)
	}
	b := make([]byte, nlmsgHeaderLen+diagRequestLen)
	ne := binary.NativeEndian
	ne.PutUint32(b[0:], uint32(len(b)))
	ne.PutUint16(b[4:], sockDiagByFamily)
	ne.PutUint16(b[6:], syscall.NLM_F_REQUEST)
	d := b[nlmsgHeaderLen:]
	d[0], d[1] = syscall.AF_INET, syscall.IPPROTO_TCP
	ne.PutUint32(d[4:], ^uint32(0)) // every state
	binary.BigEndian.PutUint16(d[8:], local.Port())
	binary.BigEndian.PutUint16(d[10:], remote.Port())
	l4, r4 := l.As4(), r.As4()
	copy(d[12:], l4[:])
	copy(d[28:], r4[:])
	ne.PutUint32(d[48:], ^uint32(0)) // INET_DIAG_NOCOOKIE
	ne.PutUint32(d[52:], ^uint32(0))
	return b, nil
}

// parseDiagReply reads the inode from the kernel's answer: one
// inet_diag_msg, or an error message (ENOENT: no such socket).
func parseDiagReply(b []byte) (uint64, error) {
	ne := binary.NativeEndian
	if len(b) < nlmsgHeaderLen+4 {
		return 0, errDiagReply
	}
	switch ne.Uint16(b[4:]) {
	case syscall.NLMSG_ERROR:
		if code := int32(ne.Uint32(b[nlmsgHeaderLen:])); code < 0 {
			return 0, fmt.Errorf("sock_diag: %w", syscall.Errno(-code))
		}
		return 0, errDiagReply
	case sockDiagByFamily:
		if len(b) < nlmsgHeaderLen+diagMsgLen {
			return 0, errDiagReply
		}
		if inode := ne.Uint32(b[nlmsgHeaderLen+diagMsgInodeAt:]); inode != 0 {
			return uint64(inode), nil
		}
	}
	return 0, errDiagReply
}
