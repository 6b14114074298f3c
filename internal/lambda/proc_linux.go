package lambda

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"syscall"
)

// This file reads /proc to find a function's process tree and which of its
// processes holds a socket. It needs no privilege for processes of apigw's
// own user. /proc/PID/task/TID/children is not in every kernel (it needs
// CONFIG_PROC_CHILDREN), so a tree is found from every process's parent.

// readProc reads a small /proc file into buf with plain system calls
// (os.ReadFile would register the file with the poller).
func readProc(path string, buf []byte) ([]byte, bool) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	n, err := syscall.Read(fd, buf)
	if err != nil || n <= 0 {
		return nil, false
	}
	return buf[:n], true
}

// parentOf reads pid's parent from /proc/PID/stat ("pid (comm) S ppid ...";
// comm may hold spaces and parentheses, so it counts from the last ')').
func parentOf(pid int, buf []byte) (int, bool) {
	b, ok := readProc("/proc/"+strconv.Itoa(pid)+"/stat", buf)
	if !ok {
		return 0, false
	}
	return statParent(b)
}

// statParent reads the parent field of a /proc/PID/stat line.
func statParent(b []byte) (int, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(string(f[1]))
	return ppid, err == nil
}

// parents maps every visible process to its parent.
func parents() (map[int]int, error) {
	d, err := os.Open("/proc")
	if err != nil {
		return nil, err
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return nil, err
	}
	var buf [512]byte
	m := make(map[int]int, len(names))
	for _, n := range names {
		pid, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		if ppid, ok := parentOf(pid, buf[:]); ok {
			m[pid] = ppid
		}
	}
	return m, nil
}

// tree returns root and every process descended from it, root first, and
// the parents it was built from.
func tree(root int) ([]int, map[int]int, error) {
	up, err := parents()
	if err != nil {
		return nil, nil, err
	}
	down := map[int][]int{}
	for pid, ppid := range up {
		down[ppid] = append(down[ppid], pid)
	}
	out := []int{root}
	for i := 0; i < len(out); i++ {
		out = append(out, down[out[i]]...)
	}
	return out, up, nil
}

// descendants returns every process descended from root, root excluded.
func descendants(root int) []int {
	pids, _, err := tree(root)
	if err != nil {
		return nil
	}
	return pids[1:]
}

var errNotHeld = errors.New("no process of this function holds it")

// connectionHolder finds which process of root's tree holds the client end
// of the TCP connection from client to server, and the child of root it
// descends from (root itself when the holder is root).
func connectionHolder(root int, server, client netip.AddrPort) (holder, top int, err error) {
	inode, err := diagInode(client, server)
	if err != nil && !errors.Is(err, syscall.ENOENT) { // no sock_diag here: read the tables
		inode, err = socketInode(client, server)
	}
	if err != nil {
		return 0, 0, err
	}
	pids, up, err := tree(root)
	if err != nil {
		return 0, 0, err
	}
	want := "socket:[" + strconv.FormatUint(inode, 10) + "]"
	for _, pid := range pids {
		if holds(pid, want) {
			return pid, topOf(pid, root, up), nil
		}
	}
	return 0, 0, fmt.Errorf("%s: %w (process %d and its descendants)", want, errNotHeld, root)
}

// topOf walks up from pid to the child of root it descends from.
func topOf(pid, root int, up map[int]int) int {
	for pid != root && up[pid] != root {
		pid = up[pid]
	}
	return pid
}

// holds reports whether pid has a descriptor open on link (socket:[N]).
func holds(pid int, link string) bool {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd/"
	d, err := os.Open(dir)
	if err != nil {
		return false
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	for _, n := range names {
		if l, err := os.Readlink(dir + n); err == nil && l == link {
			return true
		}
	}
	return false
}

// socketInode finds the inode of the TCP socket whose local end is local
// and whose peer is remote, in /proc/net/tcp, then /proc/net/tcp6 (a client
// may reach 127.0.0.1 from an IPv6 socket, as ::ffff:127.0.0.1).
func socketInode(local, remote netip.AddrPort) (uint64, error) {
	for _, v6 := range []bool{false, true} {
		file := "/proc/net/tcp"
		if v6 {
			file += "6"
		}
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		if inode, ok := findSocket(b, tcpEndpoint(local, v6)+" "+tcpEndpoint(remote, v6)); ok {
			return inode, nil
		}
	}
	return 0, fmt.Errorf("no TCP socket %s -> %s in /proc/net/tcp{,6}", local, remote)
}

// tcpEndpoint writes an address as /proc/net/tcp does: each 32-bit word of
// the address in hex as the host stores it, a colon, the port in hex.
func tcpEndpoint(ap netip.AddrPort, v6 bool) string {
	var words []byte
	switch a := ap.Addr(); {
	case v6:
		b := a.As16()
		words = b[:]
	case a.Unmap().Is4():
		b := a.Unmap().As4()
		words = b[:]
	default:
		return "-" // an IPv6 address has no line in /proc/net/tcp
	}
	s := make([]byte, 0, 38)
	for i := 0; i < len(words); i += 4 {
		s = fmt.Appendf(s, "%08X", binary.NativeEndian.Uint32(words[i:i+4]))
	}
	return string(fmt.Appendf(s, ":%04X", ap.Port()))
}

// findSocket returns the inode (tenth column) of the line whose local and
// remote address columns are pair.
func findSocket(table []byte, pair string) (uint64, bool) {
	i := bytes.Index(table, []byte(" "+pair+" "))
	if i < 0 {
		return 0, false
	}
	start := bytes.LastIndexByte(table[:i], '\n') + 1
	line := table[start:]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	f := bytes.Fields(line)
	if len(f) < 10 {
		return 0, false
	}
	inode, err := strconv.ParseUint(string(f[9]), 10, 64)
	return inode, err == nil && inode != 0
}
