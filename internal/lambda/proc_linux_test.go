package lambda

import (
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A line of /proc/net/tcp (and one of tcp6) as the kernel writes them.
const (
	tcpTable = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11111 1 0000000000000000 100 0 0 10 0
   1: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 22222 1 0000000000000000 20 4 30 10 -1
`
	tcp6Table = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0000000000000000FFFF00000100007F:D432 0000000000000000FFFF00000100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 33333 1 0000000000000000 20 4 30 10 -1
`
)

func TestFindSocket(t *testing.T) {
	t.Parallel()
	server := netip.MustParseAddrPort("127.0.0.1:8080")
	tests := []struct {
		name   string
		table  string
		client string
		v6     bool
		want   uint64
		found  bool
	}{
		{"IPv4 client", tcpTable, "127.0.0.1:54321", false, 22222, true},
		{"listener is not a client", tcpTable, "0.0.0.0:0", false, 0, false},
		{"other port", tcpTable, "127.0.0.1:54322", false, 0, false},
		{"IPv6 socket reaching 127.0.0.1", tcp6Table, "127.0.0.1:54322", true, 33333, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client := netip.MustParseAddrPort(tt.client)
			got, ok := findSocket([]byte(tt.table), tcpEndpoint(client, tt.v6)+" "+tcpEndpoint(server, tt.v6))
			if got != tt.want || ok != tt.found {
				t.Fatalf("got %d, %v; want %d, %v", got, ok, tt.want, tt.found)
			}
		})
	}
}

func TestStatParent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, stat string
		want       int
		ok         bool
	}{
		{"plain", "42 (node) S 7 42 42 0", 7, true},
		{"comm with spaces and parens", "42 (a) b (c) R 9 1 1", 9, true},
		{"truncated", "42 (node) S", 0, false},
		{"no comm", "42 node S 7", 0, false},
	}
	for _, tt := range tests {
		if got, ok := statParent([]byte(tt.stat)); got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzFindSocket(f *testing.F) {
	f.Add(tcpTable, "0100007F:D431 0100007F:1F90")
	f.Add(tcp6Table, "0000000000000000FFFF00000100007F:D432 0000000000000000FFFF00000100007F:1F90")
	f.Add("x 0100007F:D431 0100007F:1F90 ", "0100007F:D431 0100007F:1F90")
	f.Fuzz(func(t *testing.T, table, pair string) {
		inode, ok := findSocket([]byte(table), pair)
		if ok && (inode == 0 || !strings.Contains(table, strconv.FormatUint(inode, 10))) {
			t.Fatalf("inode %d found in a table that does not hold it", inode)
		}
	})
}

func FuzzStatParent(f *testing.F) {
	f.Add("42 (node) S 7 42 42 0")
	f.Add("1 ()) ) ( 5")
	f.Fuzz(func(t *testing.T, stat string) {
		if ppid, ok := statParent([]byte(stat)); ok && !strings.Contains(stat, strconv.Itoa(ppid)) {
			t.Fatalf("parent %d is not in %q", ppid, stat)
		}
	})
}

// Both ways to find a connection's socket find the one the client holds.
func TestSocketInodeOfARealConnection(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	local, remote := server.LocalAddr().(*net.TCPAddr).AddrPort(), server.RemoteAddr().(*net.TCPAddr).AddrPort()
	fromDiag, derr := diagInode(remote, local)
	fromTable, terr := socketInode(remote, local)
	link := "socket:[" + strconv.FormatUint(fromDiag, 10) + "]"
	if derr != nil || terr != nil || fromDiag != fromTable || !holds(os.Getpid(), link) {
		t.Fatalf("sock_diag %d (%v), /proc/net/tcp %d (%v); want the same inode, held by this process", fromDiag, derr, fromTable, terr)
	}
	unknown := netip.AddrPortFrom(remote.Addr(), 1)
	if _, err := diagInode(unknown, local); !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("no such connection: got %v; want ENOENT", err)
	}
	if holder, _, err := connectionHolder(os.Getpid(), local, remote); err != nil || holder != os.Getpid() {
		t.Fatalf("connectionHolder: got %d, %v; want this process %d", holder, err, os.Getpid())
	}
}

func FuzzParseDiagReply(f *testing.F) {
	ok := make([]byte, nlmsgHeaderLen+diagMsgLen)
	binary.NativeEndian.PutUint16(ok[4:], sockDiagByFamily)
	binary.NativeEndian.PutUint32(ok[nlmsgHeaderLen+diagMsgInodeAt:], 12345)
	f.Add(ok)
	f.Add(ok[:nlmsgHeaderLen+4])
	f.Fuzz(func(t *testing.T, b []byte) {
		inode, err := parseDiagReply(b)
		if (err == nil) == (inode == 0) {
			t.Fatalf("got inode %d with error %v", inode, err)
		}
	})
}
