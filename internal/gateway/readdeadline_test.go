package gateway

import (
	"errors"
	"net"
	"os"
	"testing"
	"time"
)

// tcpPair is a connected TCP pair on 127.0.0.1, closed with the test.
func tcpPair(t *testing.T) (server, client net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server, err = ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return server, client
}

// readTimesOut fails t unless a Read on c ends with a timeout.
func readTimesOut(t *testing.T, c net.Conn) {
	t.Helper()
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read error %v; want a timeout", err)
	}
}

// TestReadDeadlineInterruptsRead: a Read waiting when the deadline passes
// returns a timeout, as with the deadline set on the connection, also
// when the deadline was moved earlier than the one the timer waited for.
func TestReadDeadlineInterruptsRead(t *testing.T) {
	t.Parallel()
	for name, first := range map[string]time.Duration{"set once": 0, "moved earlier": time.Hour} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			server, _ := tcpPair(t)
			r := &readDeadline{conn: server}
			if first > 0 {
				_ = r.set(time.Now().Add(first))
			}
			_ = r.set(time.Now().Add(10 * time.Millisecond))
			readTimesOut(t, server)
		})
	}
}

// TestReadDeadlineMovedLater: the timer firing before the deadline (moved
// later since it was armed) waits again for it; with no deadline it
// lapses. Neither touches the connection.
func TestReadDeadlineMovedLater(t *testing.T) {
	t.Parallel()
	server, _ := tcpPair(t)
	r := &readDeadline{conn: server}
	due := time.Now().Add(time.Hour)
	_ = r.set(due)
	r.fireAt = time.Now() // as if armed for an earlier deadline
	r.fire()
	if r.tripped || !r.armed || !r.fireAt.Equal(due) {
		t.Errorf("tripped %v, armed %v for %v; want armed again for %v", r.tripped, r.armed, r.fireAt, due)
	}
	_ = r.set(time.Time{})
	r.fire()
	if r.tripped || r.armed {
		t.Errorf("with no deadline: tripped %v, armed %v; want the timer lapsed", r.tripped, r.armed)
	}
}

// TestReadDeadlineAfterTimeout: once a deadline has passed, a deadline set
// goes to the connection: clearing it lets Reads wait for data again.
func TestReadDeadlineAfterTimeout(t *testing.T) {
	t.Parallel()
	server, client := tcpPair(t)
	r := &readDeadline{conn: server}
	_ = r.set(time.Now().Add(-time.Second))
	readTimesOut(t, server)
	if err := r.set(time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if n, err := server.Read(make([]byte, 1)); n != 1 || err != nil {
		t.Errorf("Read after the deadline was cleared: %d, %v; want the byte", n, err)
	}
}
